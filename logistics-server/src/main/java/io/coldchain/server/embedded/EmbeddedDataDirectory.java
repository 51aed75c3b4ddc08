package io.coldchain.server.embedded;

import io.coldchain.server.ColdchainProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The folder where embedded servers (and the pickup-code key, unless configured elsewhere) keep their
 * data. With {@code coldchain.embedded.fresh=true} it is emptied once, when the first user asks for it.
 */
@Component
public class EmbeddedDataDirectory {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDataDirectory.class);

    private final Path root;
    private final boolean fresh;
    private boolean prepared;

    EmbeddedDataDirectory(ColdchainProperties properties) {
        this.root = properties.embedded().dataDir().toAbsolutePath().normalize();
        this.fresh = properties.embedded().fresh();
    }

    /** The path of {@code component} in the folder (emptied first on a fresh start). */
    public synchronized Path resolve(String component) {
        if (!prepared) {
            if (fresh && Files.exists(root)) {
                log.info("Starting fresh: deleting {}", root);
                deleteRecursively(root);
            }
            prepared = true;
        }
        return root.resolve(component);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
