package ftpsight.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints N distinct free TCP ports on 127.0.0.1, one a line (start.sh --nodes): a cluster's nodes must know each
 * other's transport ports before they start, and a node restarted after a kill must come back on the HTTP port its
 * clients know. All N are held open together so that they differ; another process may still take one before the
 * node binds it, in which case the node fails to start and says so.
 */
public final class FreePorts {

    private FreePorts() {}

    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[0]);
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            for (ServerSocket socket : sockets) {
                System.out.println(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
