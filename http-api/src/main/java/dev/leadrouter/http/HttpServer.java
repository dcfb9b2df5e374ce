package dev.leadrouter.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.IncomingConnection;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the API with limits that keep slow or greedy clients from locking others out: at most
 * {@code leadrouter.http.max-connections} open connections, {@code max-connections-per-address} from
 * one client address ({@link ConnectionBudget}; a connection over either is closed at once), and a
 * connection's first request head must be complete within {@code request-header-timeout} (a
 * connection trickling its headers is closed). Pekko's {@code idle-timeout} and
 * {@code request-timeout} bound the rest (docs/operations.md, "Connections and slow clients").
 */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /** The limits, from {@code leadrouter.http.*}. */
  public record Limits(int maxConnections, int maxConnectionsPerAddress, Duration requestHeaderTimeout) {
    public static Limits fromConfig(Config config) {
      return new Limits(config.getInt("leadrouter.http.max-connections"),
          config.getInt("leadrouter.http.max-connections-per-address"),
          config.getDuration("leadrouter.http.request-header-timeout"));
    }
  }

  private HttpServer() {}

  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, String host, int port, Route route, Limits limits) {
    Materializer mat = Materializer.matFromSystem(system);
    ConnectionBudget budget = new ConnectionBudget(limits.maxConnections(), limits.maxConnectionsPerAddress());
    Flow<HttpRequest, HttpResponse, NotUsed> handler = route.flow(system);
    Source<IncomingConnection, CompletionStage<ServerBinding>> connections = Http.get(system).newServerAt(host, port).connectionSource();
    return connections.to(Sink.foreach(connection -> {
      String address = connection.remoteAddress().getAddress().getHostAddress();
      if (!budget.tryOpen(address)) {
        log.debug("Refused a connection from {}: {} open from it, {} in all", address, budget.openFrom(address), budget.open());
        connection.handleWith(Flow.fromSinkAndSourceCoupled(Sink.<HttpRequest>cancelled(), Source.<HttpResponse>empty()), mat);
        return;
      }
      connection.handleWith(headWithin(limits.requestHeaderTimeout())
          .via(handler)
          .watchTermination((notUsed, done) -> {
            done.whenComplete((d, error) -> budget.close(address));
            return notUsed;
          }), mat);
    })).run(mat);
  }

  /**
   * The requests of one connection, ending (which closes the connection) when no complete request
   * head arrived within {@code timeout} of the connection opening. It ends the stream instead of
   * failing it (as {@code initialTimeout} would): a failure makes the server log an error and answer
   * 500 to a request that never arrived.
   */
  static Flow<HttpRequest, HttpRequest, NotUsed> headWithin(Duration timeout) {
    AtomicBoolean headArrived = new AtomicBoolean();
    return Flow.<HttpRequest>create()
        .map(request -> {
          headArrived.set(true);
          return Optional.of(request);
        })
        .merge(Source.single(Optional.<HttpRequest>empty()).initialDelay(timeout))
        .takeWhile(request -> request.isPresent() || headArrived.get())
        .filter(Optional::isPresent)
        .map(Optional::get);
  }
}
