package dev.gpuportal.access;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's socket buffers sized for what the routes pass on. A blocking write goes to the socket in pieces of the
 * socket's write buffer (8 kB by default), each copied once more into a native buffer on the way: a 200 MB download
 * took 25,600 system calls and two extra copies of every byte. 64 kB direct buffers take an eighth of the calls and
 * one copy; they cost 64 kB of native memory (not heap) per open connection.
 */
@Configuration(proxyBeanMethods = false)
class RouteTransferSettings {

    static final int SOCKET_BUFFER = 64 * 1024;

    @Bean
    TomcatConnectorCustomizer routeSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER));
            connector.setProperty("socket.directBuffer", "true");
        };
    }
}
