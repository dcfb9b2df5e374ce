package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {

  record Policy(String name, Integer minutes, int steps, Instant since, List<String> tags) {}

  @Test
  void nullsAreLeftOutAndInstantsAreIsoStrings() {
    assertEquals("{\"name\":\"vip\",\"steps\":2,\"since\":\"2026-03-02T09:00:00Z\",\"tags\":[]}",
        ConfigJson.write(new Policy("vip", null, 2, Instant.parse("2026-03-02T09:00:00Z"), List.of())));
  }

  @Test
  void unknownFieldsAreIgnoredAndMissingOnesAreNullOrTheDefault() {
    assertEquals(new Policy("vip", null, 0, null, null),
        ConfigJson.read("{\"name\":\"vip\",\"escalateTo\":{\"role\":\"director\"},\"version\":7}", Policy.class));
  }

  @Test
  void unreadableTextIsAnIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> ConfigJson.read("{\"name\":", Policy.class));
  }
}
