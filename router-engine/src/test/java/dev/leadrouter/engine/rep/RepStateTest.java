package dev.leadrouter.engine.rep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The open-lead list a rep's events build: sorted by lead id, each lead once, whatever the order of events. */
class RepStateTest {

  @Test
  void reservationsAndReleasesKeepTheOpenLeadsSortedAndComplete() {
    Random random = new Random(17);
    TreeMap<String, String> model = new TreeMap<>();
    Rep.StateV2 state = new Rep.StateV2(List.of(), 0, null, 0, 0, List.of(), null, null);
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    LocalDate day = LocalDate.parse("2026-12-06");
    for (int step = 0; step < 5_000; step++) {
      String lead = "lead-" + random.nextInt(300);
      if (random.nextInt(3) == 0) {
        state = state.apply(new Rep.LeadReleased(lead, at));
        model.remove(lead);
      } else {
        String region = "region-" + random.nextInt(4);
        state = state.apply(new Rep.LeadReservedV2(lead, at, region, day));
        model.putIfAbsent(lead, region); // a repeated reservation keeps the first region
      }
      if (step % 97 == 0 || step == 4_999) {
        List<Rep.OpenLead> expected = new ArrayList<>();
        model.forEach((id, region) -> expected.add(new Rep.OpenLead(id, region)));
        assertEquals(expected, state.open(), "after step " + step);
      }
    }
  }

  @Test
  void firstMiddleAndLastPositions() {
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    Rep.StateV2 state = new Rep.StateV2(List.of(), 0, null, 0, 0, List.of(), null, null);
    for (String lead : List.of("m", "a", "z", "c", "x")) state = state.apply(new Rep.LeadReservedV2(lead, at, "r", null));
    assertEquals(List.of("a", "c", "m", "x", "z"), state.open().stream().map(Rep.OpenLead::leadId).toList());
    for (String lead : List.of("a", "z", "m")) state = state.apply(new Rep.LeadReleased(lead, at));
    assertEquals(List.of("c", "x"), state.open().stream().map(Rep.OpenLead::leadId).toList());
    state = state.apply(new Rep.LeadReservedV2("b", at, "r", null));
    assertEquals(List.of("b", "c", "x"), state.open().stream().map(Rep.OpenLead::leadId).toList());
  }
}
