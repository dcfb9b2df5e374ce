package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One test per rule of the pool's workload book. */
class WorkloadBookTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Function<String, ZoneId> IN_SHANGHAI = repId -> SHANGHAI;
  /** 2026-03-02 17:00 in Shanghai. */
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

  @Test
  void aReportedLoadIsKeptAsReportedAndReplacesTheLastOne() {
    WorkloadBook book = WorkloadBook.EMPTY.reported("r1", RepWorkload.open(3)).reported("r1", RepWorkload.open(1));

    assertEquals(Map.of("r1", RepWorkload.open(1)), book.reported());
    assertTrue(book.knows("r1"));
    assertFalse(book.knows("r2"));
  }

  @Test
  void withNothingInFlightTheEffectiveLoadIsTheReportedOne() {
    WorkloadBook book = WorkloadBook.EMPTY.reported("r1", RepWorkload.open(3));

    assertEquals(Map.of("r1", RepWorkload.open(3)), book.effective(NOW, IN_SHANGHAI));
  }

  @Test
  void eachOfferInFlightAddsAnOpenLeadANewLeadTodayAndTheLastAssignment() {
    RepWorkload reported = new RepWorkload(2, NOW.minus(Duration.ofHours(1)).toEpochMilli(), TODAY, 4, 1);
    Instant later = NOW.minusSeconds(5);
    WorkloadBook book = WorkloadBook.EMPTY.reported("r1", reported)
        .offered("lead-a", "r1", "pool:p", NOW.minusSeconds(10))
        .offered("lead-b", "r1", null, later);

    assertEquals(new RepWorkload(4, later.toEpochMilli(), TODAY, 6, 1), book.effective(NOW, IN_SHANGHAI).get("r1"));
    assertEquals(reported, book.reported().get("r1"), "the reported load stays as reported");
  }

  @Test
  void theLastAssignmentIsTheLatestOfferStillInFlightWhicheverOrderTheyCameAndWent() {
    Instant t1 = NOW.minusSeconds(30);
    Instant t2 = NOW.minusSeconds(20);
    Instant t3 = NOW.minusSeconds(10);
    WorkloadBook book = WorkloadBook.EMPTY
        .offered("lead-b", "r1", null, t2)
        .offered("lead-c", "r1", null, t3)
        .offered("lead-a", "r1", null, t1);
    assertEquals(t3.toEpochMilli(), book.effective(NOW, IN_SHANGHAI).get("r1").lastAssignedAtMillis());

    WorkloadBook latestGone = book.settled("r1", "lead-c");
    assertEquals(t2.toEpochMilli(), latestGone.effective(NOW, IN_SHANGHAI).get("r1").lastAssignedAtMillis(),
        "the latest settled: the next latest");
    assertEquals(t3.toEpochMilli(), book.settled("r1", "lead-a").effective(NOW, IN_SHANGHAI).get("r1").lastAssignedAtMillis(),
        "an earlier one settled: still the latest");
    assertEquals(t1.toEpochMilli(), book.offered("lead-c", "r1", null, t1).settled("r1", "lead-b")
        .effective(NOW, IN_SHANGHAI).get("r1").lastAssignedAtMillis(), "the latest offered again earlier: its new time counts");
    WorkloadBook expired = book.settled("r1", "lead-c").expired(NOW.minusSeconds(25));
    assertEquals(new RepWorkload(1, t2.toEpochMilli(), TODAY, 1, 0), expired.effective(NOW, IN_SHANGHAI).get("r1"),
        "the earliest expired, the latest settled: the one left");
    assertNull(expired.settled("r1", "lead-b").effective(NOW, IN_SHANGHAI).get("r1"), "nothing in flight, nothing reported");
  }

  @Test
  void anOfferToARepWhoNeverReportedCountsFromNothing() {
    WorkloadBook book = WorkloadBook.EMPTY.offered("lead-a", "r9", null, NOW);

    assertEquals(new RepWorkload(1, NOW.toEpochMilli(), TODAY, 1, 0), book.effective(NOW, IN_SHANGHAI).get("r9"));
  }

  @Test
  void theNewLeadsOfAnotherDayDoNotCountAndTheDayIsTheRepsOwn() {
    WorkloadBook book = WorkloadBook.EMPTY.reported("r1", new RepWorkload(0, 0L, TODAY.minusDays(1), 7, 0))
        .offered("lead-a", "r1", null, NOW);

    // 09:00 UTC is 17:00 on the 2nd in Shanghai, 23:00 on the 1st in Honolulu.
    assertEquals(1, book.effective(NOW, IN_SHANGHAI).get("r1").newOnDay());
    RepWorkload honolulu = book.effective(NOW, repId -> ZoneId.of("Pacific/Honolulu")).get("r1");
    assertEquals(TODAY.minusDays(1), honolulu.day());
    assertEquals(8, honolulu.newOnDay());
  }

  @Test
  void aLaterReportedAssignmentStaysTheLastOne() {
    long reportedAt = NOW.toEpochMilli();
    WorkloadBook book = WorkloadBook.EMPTY.reported("r1", new RepWorkload(0, reportedAt, TODAY, 0, 0))
        .offered("lead-a", "r1", null, NOW.minusSeconds(30));

    assertEquals(reportedAt, book.effective(NOW, IN_SHANGHAI).get("r1").lastAssignedAtMillis());
  }

  @Test
  void aSettledOfferLeavesTheBookAndIsAnsweredWithWhatItCounted() {
    WorkloadBook book = WorkloadBook.EMPTY.offered("lead-a", "r1", "pool:p", NOW);

    assertEquals(new WorkloadBook.Offer(NOW, "pool:p"), book.offer("r1", "lead-a"));
    assertTrue(book.isOffered("lead-a"));
    WorkloadBook settled = book.settled("r1", "lead-a");
    assertNull(settled.offer("r1", "lead-a"));
    assertFalse(settled.isOffered("lead-a"));
    assertEquals(Map.of(), settled.effective(NOW, IN_SHANGHAI));
  }

  @Test
  void settlingAnOfferNotInFlightChangesNothing() {
    WorkloadBook book = WorkloadBook.EMPTY.offered("lead-a", "r1", null, NOW);

    assertSame(book, book.settled("r1", "lead-b"));
    assertSame(book, book.settled("r2", "lead-a"));
  }

  @Test
  void anOfferOfTheSameLeadToTheSameRepIsCountedOnce() {
    WorkloadBook book = WorkloadBook.EMPTY.offered("lead-a", "r1", null, NOW.minusSeconds(1))
        .offered("lead-a", "r1", null, NOW);

    assertEquals(1, book.effective(NOW, IN_SHANGHAI).get("r1").openLeads());
  }

  @Test
  void offersMadeBeforeTheCutoffExpireAndTheOthersStay() {
    Instant cutoff = NOW.minusSeconds(30);
    WorkloadBook book = WorkloadBook.EMPTY
        .offered("lead-old", "r1", null, cutoff.minusMillis(1))
        .offered("lead-edge", "r1", null, cutoff)
        .offered("lead-gone", "r2", null, cutoff.minusSeconds(60))
        .expired(cutoff);

    assertFalse(book.isOffered("lead-old"));
    assertTrue(book.isOffered("lead-edge"), "made at the cutoff: not expired yet");
    assertFalse(book.isOffered("lead-gone"));
    assertEquals(1, book.effective(NOW, IN_SHANGHAI).get("r1").openLeads());
    assertFalse(book.effective(NOW, IN_SHANGHAI).containsKey("r2"));
  }
}
