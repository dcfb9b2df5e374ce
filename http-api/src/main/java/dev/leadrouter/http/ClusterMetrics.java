package dev.leadrouter.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as this node sees it: {@code leadrouter_cluster_members{status}} and {@code
 * leadrouter_cluster_unreachable_members} (read at each scrape from the cluster state), and the
 * sharded entities this node holds in memory, {@code leadrouter_sharding_entities{type}} and
 * {@code leadrouter_sharding_shards{type}}, asked of the local shard regions every
 * {@code leadrouter.metrics.poll-interval} (sum across nodes for the cluster's total).
 */
final class ClusterMetrics {

  private static final List<MemberStatus> STATUSES = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
      MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down());

  private final ActorSystem<?> system;
  private final List<EntityTypeKey<?>> types;
  private final Map<String, AtomicLong[]> held = new ConcurrentHashMap<>();

  ClusterMetrics(ActorSystem<?> system, MeterRegistry registry, List<EntityTypeKey<?>> types) {
    this.system = system;
    this.types = types;
    Cluster cluster = Cluster.get(system);
    for (MemberStatus status : STATUSES) {
      Gauge.builder("leadrouter.cluster.members", cluster, c -> count(c.state(), status))
          .tag("status", name(status))
          .description("cluster members this node knows of, by membership status").register(registry);
    }
    Gauge.builder("leadrouter.cluster.unreachable.members", cluster, c -> c.state().getUnreachable().size())
        .description("cluster members this node's failure detector marks unreachable").register(registry);
    for (EntityTypeKey<?> type : types) {
      AtomicLong[] values = {new AtomicLong(), new AtomicLong()};
      held.put(type.name(), values);
      Gauge.builder("leadrouter.sharding.entities", values[0], AtomicLong::get).tag("type", type.name())
          .description("sharded entities in memory on this node, by entity type").register(registry);
      Gauge.builder("leadrouter.sharding.shards", values[1], AtomicLong::get).tag("type", type.name())
          .description("shards hosted on this node, by entity type").register(registry);
    }
  }

  private static double count(ClusterEvent.CurrentClusterState state, MemberStatus status) {
    return StreamSupport.stream(state.getMembers().spliterator(), false).map(Member::status).filter(status::equals).count();
  }

  private static String name(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** Asks the local shard regions every {@code interval}. */
  void start(Duration interval) {
    Cancellable polling = system.scheduler().scheduleWithFixedDelay(interval, interval, this::poll, system.executionContext());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-cluster-metrics", () -> {
      polling.cancel();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  private void poll() {
    ClusterSharding sharding = ClusterSharding.get(system);
    for (EntityTypeKey<?> type : types) {
      AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(sharding.shardState(),
              replyTo -> new GetShardRegionState(type, replyTo), Duration.ofSeconds(5), system.scheduler())
          .thenAccept(state -> {
            AtomicLong[] values = held.get(type.name());
            values[0].set(state.getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum());
            values[1].set(state.getShards().size());
          });
    }
  }
}
