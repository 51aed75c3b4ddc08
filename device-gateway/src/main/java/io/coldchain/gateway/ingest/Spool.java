package io.coldchain.gateway.ingest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bounded on-disk queue of message batches, for when the telemetry store is down: a batch is
 * written to a file of its own and forced to disk before its messages may be acknowledged, and
 * batches are replayed oldest first. When the spool holds {@code maxBytes} it is full and the
 * caller must stop acknowledging (the broker then keeps the messages).
 */
public final class Spool {

    private final Path dir;
    private final long maxBytes;
    private final TreeMap<Long, Path> files = new TreeMap<>();
    private long bytes;
    private long nextId;

    public Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(dir)) {
                for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".batch"))
                        .toList()) {
                    long id = Long.parseLong(file.getFileName().toString().replace(".batch", ""));
                    files.put(id, file);
                    bytes += Files.size(file);
                    nextId = Math.max(nextId, id + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool at " + dir, e);
        }
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public int batches() {
        return files.size();
    }

    public long bytes() {
        return bytes;
    }

    /** Whether a batch of about {@code size} bytes still fits. */
    public boolean fits(long size) {
        return bytes + size <= maxBytes;
    }

    /** Writes a batch durably (fsync); returns false, writing nothing, when it does not fit. */
    public boolean append(List<Pipeline.Message> batch) {
        long size = batch.stream()
                .mapToLong(m -> m.payload().length + m.topic().length() + 64L)
                .sum();
        if (!fits(size)) {
            return false;
        }
        Path file = dir.resolve(String.format("%019d.batch", nextId));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                DataOutputStream out = new DataOutputStream(java.nio.channels.Channels.newOutputStream(channel))) {
            out.writeInt(batch.size());
            for (Pipeline.Message m : batch) {
                writeString(out, m.topic());
                writeString(out, m.deviceId());
                out.writeInt(m.payload().length);
                out.write(m.payload());
            }
            out.flush();
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool at " + dir, e);
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            bytes += Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool at " + dir, e);
        }
        files.put(nextId++, file);
        return true;
    }

    /** The oldest batch, without removing it. */
    public Optional<List<Pipeline.Message>> peek() {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path file = files.firstEntry().getValue();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int count = in.readInt();
            List<Pipeline.Message> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topic = readString(in);
                String device = readString(in);
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                batch.add(new Pipeline.Message(topic, device, payload));
            }
            return Optional.of(batch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool file " + file, e);
        }
    }

    /** Drops the oldest batch once it is safely stored. */
    public void remove() {
        var entry = files.pollFirstEntry();
        if (entry != null) {
            try {
                bytes -= Files.size(entry.getValue());
                Files.delete(entry.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the spool file " + entry.getValue(), e);
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
