package dev.leadrouter.http;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * How this node finds its cluster ({@code leadrouter.cluster.*}, ADR 0016): Cluster Bootstrap when
 * {@code bootstrap = kubernetes}; else the seed list when {@code seeds} is set (the first seed that
 * answers; the first seed itself may form the cluster); else itself when {@code self-join} is on
 * (one process, the default).
 */
public sealed interface ClusterFormation {

  record Bootstrap() implements ClusterFormation {}

  record Seeds(List<Address> seeds) implements ClusterFormation {}

  record SelfJoin() implements ClusterFormation {}

  record Manual() implements ClusterFormation {}

  static ClusterFormation fromConfig(Config config, String systemName) {
    String bootstrap = config.getString("leadrouter.cluster.bootstrap").trim();
    if (!bootstrap.isEmpty()) {
      if (!bootstrap.equals("kubernetes")) {
        throw new IllegalArgumentException("LEADROUTER_CLUSTER_BOOTSTRAP must be empty or kubernetes, not " + bootstrap);
      }
      return new Bootstrap();
    }
    String seeds = config.getString("leadrouter.cluster.seeds").trim();
    if (!seeds.isEmpty()) return new Seeds(parseSeeds(systemName, seeds));
    return config.getBoolean("leadrouter.cluster.self-join") ? new SelfJoin() : new Manual();
  }

  /** {@code host:port,host:port} as remoting addresses of the actor system {@code systemName}. */
  static List<Address> parseSeeds(String systemName, String seeds) {
    return Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new IllegalArgumentException("LEADROUTER_CLUSTER_SEEDS: expected host:port, got " + s);
      }
      int port;
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("LEADROUTER_CLUSTER_SEEDS: bad port in " + s);
      }
      if (port <= 0 || port > 65535) throw new IllegalArgumentException("LEADROUTER_CLUSTER_SEEDS: bad port in " + s);
      return new Address("pekko", systemName, s.substring(0, colon), port);
    }).toList();
  }

  /** Starts joining (management itself is started by {@link Main}). */
  static void join(ActorSystem<?> system, ClusterFormation formation) {
    Cluster cluster = Cluster.get(system);
    if (formation instanceof Bootstrap) {
      ClusterBootstrap.get(system).start();
    } else if (formation instanceof Seeds s) {
      cluster.manager().tell(new JoinSeedNodes(s.seeds()));
    } else if (formation instanceof SelfJoin) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
