package io.pulsechat.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives a request that came through a trusted proxy the client's address as its remote address, before
 * any handler sees it: `getRemoteAddr()`, the WebSocket session's remote address and the request log
 * then all name the client. A request from any other peer is left as it is, whatever headers it carries.
 */
final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
    private final ClientAddresses addresses;

    TrustedProxyCustomizer(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return request;
        }
        String peerAddress = inet.getAddress().getHostAddress();
        List<String> values = request.getHeaders().getValuesList(addresses.header().headerName());
        String client = addresses.clientOf(peerAddress, values);
        if (client.equals(peerAddress)) {
            return request;
        }
        // A literal that ClientAddresses has already parsed: this does not look anything up.
        var remote = new InetSocketAddress(client, 0);
        var metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return metaData;
            }
        };
    }
}
