package io.coldchain.gateway.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's {@code /usr/sbin/mosquitto} as a child process of a test: started, waited for, stopped. */
public final class MosquittoProcess {

    private MosquittoProcess() {}

    /** Starts it with {@code config} (output to {@code stdout}) and waits until every port listens. */
    public static Process start(Path config, Path stdout, int... ports) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int port : ports) {
            while (!listening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not start on " + port + "; see " + stdout);
                }
                Thread.sleep(50);
            }
        }
        return process;
    }

    /** A graceful stop (SIGTERM: Mosquitto writes its persistence file first), forced after 20 s. */
    public static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
