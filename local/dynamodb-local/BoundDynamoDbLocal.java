// DynamoDB Local, listening on one address only. Its own command line has no option for that: it hands
// Jetty a port and Jetty listens on every interface, so DynamoDB Local (which accepts any credentials)
// would answer anyone on the network. This starts it exactly as its main class does, from the same
// arguments, but sets the host of its Jetty connector before it starts. Run by local/services.ts in
// Java's source-file mode, with DynamoDB Local's jar and libraries on the class path:
//   java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* BoundDynamoDbLocal.java <host> <DynamoDB Local arguments…>
// The connector is reached through a private field of DynamoDBProxyServer, so a DynamoDB Local whose
// insides differ stops here with an error, never starting on every interface.
import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class BoundDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) throw new IllegalArgumentException("usage: BoundDynamoDbLocal <host> <DynamoDB Local arguments>");
    String host = args[0];
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) throw new IllegalStateException("Unexpected connector " + connector.getClass());
      ((ServerConnector) connector).setHost(host);
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on " + host);
    proxy.join();
  }
}
