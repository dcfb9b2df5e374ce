package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class ClusterFormationTest {

  private static Config config(String seeds, String bootstrap, boolean selfJoin) {
    return ConfigFactory.parseMap(Map.of("leadrouter.cluster.seeds", seeds, "leadrouter.cluster.bootstrap", bootstrap,
        "leadrouter.cluster.self-join", selfJoin));
  }

  @Test
  void noSeedsAndNoBootstrapJoinsItself() {
    assertEquals(new ClusterFormation.SelfJoin(), ClusterFormation.fromConfig(config("", "", true), "leadrouter"));
    assertEquals(new ClusterFormation.Manual(), ClusterFormation.fromConfig(config("", "", false), "leadrouter"));
  }

  @Test
  void seedsAreRemotingAddressesInTheOrderGiven() {
    assertEquals(new ClusterFormation.Seeds(List.of(new Address("pekko", "leadrouter", "10.0.0.1", 25520),
            new Address("pekko", "leadrouter", "node-b", 25521))),
        ClusterFormation.fromConfig(config(" 10.0.0.1:25520, node-b:25521 ,", "", true), "leadrouter"));
  }

  @Test
  void bootstrapWinsOverSeedsAndOnlyKubernetesIsKnown() {
    assertEquals(new ClusterFormation.Bootstrap(), ClusterFormation.fromConfig(config("a:1", "kubernetes", true), "leadrouter"));
    assertThrows(IllegalArgumentException.class, () -> ClusterFormation.fromConfig(config("", "consul", true), "leadrouter"));
  }

  @Test
  void aSeedWithoutAPortIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClusterFormation.parseSeeds("leadrouter", "10.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> ClusterFormation.parseSeeds("leadrouter", "10.0.0.1:x"));
    assertThrows(IllegalArgumentException.class, () -> ClusterFormation.parseSeeds("leadrouter", "10.0.0.1:70000"));
  }
}
