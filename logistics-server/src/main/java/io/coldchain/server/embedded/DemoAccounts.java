package io.coldchain.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's broker accounts for a person at the keyboard (the read-only watcher, each simulated
 * bank), as {@code username=password} lines in the data directory, readable by its owner only.
 * Demo mode only: a real site's devices get theirs from {@code POST devices/{id}/credentials}.
 */
public final class DemoAccounts {

    /** The file's name in the data directory. */
    public static final String FILE = "demo-broker-accounts.properties";

    private DemoAccounts() {}

    public static synchronized void write(Path file, Map<String, String> accounts, boolean append) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(accounts)
                .forEach((user, password) ->
                        lines.append(user).append('=').append(password).append('\n'));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(
                    file,
                    lines,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
