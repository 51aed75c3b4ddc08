package io.coldchain.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The logistics server: network, orders, dispatch, lockers and quality behind one REST API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ColdchainServer {

    public static void main(String[] args) {
        SpringApplication.run(ColdchainServer.class, args);
    }
}
