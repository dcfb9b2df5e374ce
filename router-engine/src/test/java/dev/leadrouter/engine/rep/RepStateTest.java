package dev.leadrouter.engine.rep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The open leads a rep's events build: sorted by lead id, each lead once, whatever the order of events; the snapshot form reads back the same. */
class RepStateTest {

  @Test
  void reservationsAndReleasesKeepTheOpenLeadsSortedAndComplete() {
    Random random = new Random(17);
    TreeMap<String, String> model = new TreeMap<>();
    Rep.Live state = Rep.Live.EMPTY;
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
        assertEquals(expected, state.snapshot().open(), "after step " + step);
        assertEquals(state.snapshot(), Rep.SNAPSHOTS.fromJournal(state.snapshot()).snapshot(), "snapshot round trip");
      }
    }
  }

  @Test
  void firstMiddleAndLastPositions() {
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    Rep.Live state = Rep.Live.EMPTY;
    for (String lead : List.of("m", "a", "z", "c", "x")) state = state.apply(new Rep.LeadReservedV2(lead, at, "r", null));
    assertEquals(List.of("a", "c", "m", "x", "z"), state.snapshot().open().stream().map(Rep.OpenLead::leadId).toList());
    for (String lead : List.of("a", "z", "m")) state = state.apply(new Rep.LeadReleased(lead, at));
    assertEquals(List.of("c", "x"), state.snapshot().open().stream().map(Rep.OpenLead::leadId).toList());
    state = state.apply(new Rep.LeadReservedV2("b", at, "r", null));
    assertEquals(List.of("b", "c", "x"), state.snapshot().open().stream().map(Rep.OpenLead::leadId).toList());
  }

  @Test
  void snapshotsAreWrittenAsStateV2AndTheOlderFormIsReadThroughItsUpcast() {
    Rep.StateV2 v2 = new Rep.StateV2(List.of(new Rep.OpenLead("lead-1", "华东"), new Rep.OpenLead("lead-2", "华南")), 7L,
        LocalDate.parse("2026-12-06"), 3, 2, List.of("lead-0"), "mgr-1", Instant.parse("2026-12-06T09:00:00Z"));
    Object written = Rep.SNAPSHOTS.toJournal(Rep.SNAPSHOTS.fromJournal(v2));
    assertEquals(v2, written);
    assertEquals(Rep.StateV2.class, written.getClass());
    assertEquals(new Rep.StateV2(List.of(new Rep.OpenLead("lead-1", "华东")), 5L, null, 0, 0, List.of(), null, null),
        Rep.SNAPSHOTS.fromJournal(new Rep.State(List.of(new Rep.OpenLead("lead-1", "华东")), 5L)).snapshot());
    assertThrows(ClassCastException.class, () -> Rep.SNAPSHOTS.fromJournal("not a state"));
  }
}
