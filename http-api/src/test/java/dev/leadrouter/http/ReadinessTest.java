package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void readyOnlyWhenDatabaseJournalAndEngineAreUp() {
    assertTrue(Readiness.decide(true, true, true, List.of()).ready());
    assertFalse(Readiness.decide(false, true, true, List.of()).ready());
    assertFalse(Readiness.decide(true, true, false, List.of()).ready());
  }

  @Test
  void notReadyWhileTheJournalDoesNotAnswerThoughTheDatabaseDoes() {
    // After an outage the database answers again while the journal's circuit breaker is still open.
    Readiness r = Readiness.decide(true, false, true, List.of());
    assertFalse(r.ready());
    assertTrue(r.detail().contains("journal not answering"), r.detail());
  }

  @Test
  void projectionProblemsDegradeButStayReady() {
    Readiness r = Readiness.decide(true, true, true, List.of("lead-3 parked 1 event"));
    assertTrue(r.ready());
    assertEquals("DEGRADED", r.body().get("status"));
    assertEquals(List.of("lead-3 parked 1 event"), r.body().get("projections"));
    assertEquals("UP", Readiness.decide(true, true, true, List.of()).body().get("status"));
  }
}
