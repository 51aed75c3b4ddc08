package io.coldchain.gateway.testing;

import org.testcontainers.DockerClientFactory;

final class Docker {

    private static Boolean available;

    private Docker() {}

    /** Whether a Docker engine answers; asked once per JVM. */
    static synchronized boolean available() {
        if (available == null) {
            boolean answer;
            try {
                answer = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                answer = false;
            }
            available = answer;
        }
        return available;
    }
}
