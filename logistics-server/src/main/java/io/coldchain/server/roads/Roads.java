package io.coldchain.server.roads;

import io.coldchain.routing.Routing;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.server.ColdchainProperties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The routing library behind the server: opened in the background when the server is ready
 * (importing the map, or loading its cached graph), or on first use if that comes earlier.
 */
@Component
public class Roads {

    private final ColdchainProperties.Routing config;
    private Routing routing;

    Roads(ColdchainProperties properties) {
        this.config = properties.routing();
    }

    /** The road network, opened now if it is not yet. */
    public synchronized Routing routing() {
        if (routing == null) {
            try {
                Files.createDirectories(config.cacheDir());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + config.cacheDir(), e);
            }
            Path osm = config.osmFile();
            routing = Routing.open(new Routing.Config(
                    osm, config.cacheDir(), new GeoPoint(config.demoCenterLat(), config.demoCenterLon())));
        }
        return routing;
    }

    /** Opens the network in the background once the server is up, so the first plan does not wait for it. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void warmUp() {
        Thread warm = new Thread(
                () -> {
                    try {
                        routing();
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(Roads.class).error("Cannot open the road network", e);
                    }
                },
                "roads-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    @PreDestroy
    synchronized void close() {
        if (routing != null) {
            routing.close();
            routing = null;
        }
    }
}
