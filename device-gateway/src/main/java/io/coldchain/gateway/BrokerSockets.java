package io.coldchain.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * The sockets every broker connection uses: TCP_NODELAY on, TLS for an {@code ssl://} address. Paho
 * leaves Nagle's algorithm on, and a small MQTT packet (a PUBACK, one reading, an alert event) then
 * waits for the peer's delayed ACK: about 40 ms per hop on Linux, which was most of the alert
 * latency the ingestion bench measured.
 */
public final class BrokerSockets {

    private BrokerSockets() {}

    /**
     * Sets the socket factory for {@code url} on {@code options}: plain sockets for {@code tcp://},
     * TLS verified against the PEM certificates in {@code caFile} (or the JVM's trust store when it
     * is null) for {@code ssl://}, both without Nagle's delay.
     */
    public static void apply(MqttConnectionOptions options, String url, Path caFile) {
        if (url != null && url.startsWith("ssl://")) {
            SSLSocketFactory tls =
                    caFile == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : BrokerTls.trusting(caFile);
            options.setSocketFactory(new NoDelayTls(tls));
            if (caFile != null) {
                options.setHttpsHostnameVerificationEnabled(true);
            }
        } else if (url != null && url.startsWith("tcp://")) {
            options.setSocketFactory(noDelay());
        }
    }

    /** Plain sockets without Nagle's delay (also the line-protocol store's HTTP client's). */
    public static SocketFactory noDelay() {
        return new NoDelay(SocketFactory.getDefault());
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Plain sockets with TCP_NODELAY. */
    static final class NoDelay extends SocketFactory {
        private final SocketFactory delegate;

        NoDelay(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** TLS sockets with TCP_NODELAY (Paho insists on an {@link SSLSocketFactory} for ssl://). */
    static final class NoDelayTls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        NoDelayTls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
