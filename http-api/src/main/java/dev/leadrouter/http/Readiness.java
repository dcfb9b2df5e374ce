package dev.leadrouter.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /health/ready} answers, from what was checked: ready (UP, or DEGRADED with the read
 * models' problems: new leads are still accepted and routed) only when the database is reachable,
 * the journal answers an entity's recovery (its circuit breaker closed: intake would not 503) and
 * the engine has started; otherwise not ready, naming what is down.
 */
public record Readiness(boolean ready, Map<String, Object> body, String detail) {

  public static Readiness decide(boolean databaseUp, boolean journalUp, boolean engineStarted, List<String> projectionProblems) {
    if (databaseUp && journalUp && engineStarted) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", projectionProblems.isEmpty() ? "UP" : "DEGRADED");
      body.put("database", "UP");
      body.put("journal", "UP");
      body.put("engine", "UP");
      body.put("projections", projectionProblems.isEmpty() ? "UP" : projectionProblems);
      return new Readiness(true, body, null);
    }
    return new Readiness(false, Map.of(), "database " + (databaseUp ? "up" : "unreachable")
        + ", journal " + (journalUp ? "up" : "not answering (database down or its circuit breaker open)")
        + ", engine " + (engineStarted ? "started" : "starting"));
  }
}
