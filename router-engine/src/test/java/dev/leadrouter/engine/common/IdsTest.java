package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void aLeadIdIsAVersion7UuidCarryingItsMillisecond() {
    long before = System.currentTimeMillis();
    String id = Ids.newLeadId();
    long after = System.currentTimeMillis();

    UUID uuid = UUID.fromString(id);
    assertEquals(id, uuid.toString(), "canonical lower-case form");
    assertEquals(7, uuid.version());
    assertEquals(2, uuid.variant(), "RFC 9562 variant");
    long millis = uuid.getMostSignificantBits() >>> 16;
    assertTrue(millis >= before && millis <= after, "timestamp " + millis + " not in [" + before + ", " + after + "]");
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnesAsText() throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(Ids.newLeadId());
      Thread.sleep(2);
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    assertEquals(ids, sorted);
  }

  @Test
  void idsOfOneMillisecondStillDifferInTheirRandomBits() {
    Set<String> ids = new HashSet<>();
    Set<Long> randomTails = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      String id = Ids.newLeadId();
      ids.add(id);
      randomTails.add(UUID.fromString(id).getLeastSignificantBits());
    }
    assertEquals(200_000, ids.size());
    assertEquals(200_000, randomTails.size());
  }
}
