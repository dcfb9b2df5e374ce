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

  @Test
  void errorsAreTheChecksFindingsOrOneRootErrorForUnreadableText() {
    List<FieldError> none = List.of();
    assertEquals(none, ConfigJson.errors("{\"name\":\"vip\"}", Policy.class, p -> none));
    assertEquals(List.of(new FieldError("/name", "required")),
        ConfigJson.errors("{}", Policy.class, p -> p.name() == null ? List.of(new FieldError("/name", "required")) : none));
    List<FieldError> unreadable = ConfigJson.errors("{\"name\":", Policy.class, p -> none);
    assertEquals(1, unreadable.size());
    assertEquals("", unreadable.get(0).field());
  }
}
