package dev.leadrouter.persistence.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a slice's handler needs to retry and park an event it cannot apply (ADR 0011), and the path
 * every projection's groups take through it: the handler's fast path while the slice is healthy,
 * the careful path (one savepoint per event, parking after the guard's last attempt) after a failed
 * group or for a group with an entity that has parked events. The handler keeps only its SQL.
 */
public record Parking(ProjectionGuard guard, String slice, EventCodec codec, Clock clock) {

  private static final Logger log = LoggerFactory.getLogger(Parking.class);

  /** A handler's fast path: the whole group in the caller's transaction, as it sees fit (batches). */
  @FunctionalInterface
  public interface Group {
    void apply(Connection c, List<EventEnvelope<Object>> envelopes) throws Exception;
  }

  /**
   * A group of envelopes in the caller's transaction. Without {@code parking} (tests of the SQL
   * alone) the fast path only, and a failing event fails the group. When the fast path fails, or the
   * group holds an event of an entity with parked events, the slice's groups are processed
   * {@linkplain #processCarefully carefully} until one commits.
   */
  public static void process(Parking parking, Connection c, List<EventEnvelope<Object>> envelopes, Group fast,
      ProjectionRepair.Applier one) throws Exception {
    if (parking == null) {
      fast.apply(c, envelopes);
    } else if (parking.guard.needsCare(parking.slice, envelopes.stream().map(EventEnvelope::persistenceId).toList())) {
      parking.processCarefully(c, envelopes, one);
      parking.guard.caredFor(parking.slice);
    } else {
      try {
        fast.apply(c, envelopes);
      } catch (Exception e) {
        parking.guard.takeCare(parking.slice);
        throw e;
      }
    }
  }

  /**
   * One event at a time, each behind a savepoint. An event that fails for a reason of its own (not
   * the database's: {@link FailureKind}) fails the group, so the projection retries it with its
   * restart backoff; at the guard's last attempt it is parked in {@code projection_failures} with
   * the error instead, and the slice moves on. An event of an entity that has parked events is
   * parked behind them, so a replay applies the entity's events in order.
   */
  private void processCarefully(Connection c, List<EventEnvelope<Object>> envelopes, ProjectionRepair.Applier one)
      throws Exception {
    for (EventEnvelope<Object> envelope : envelopes) {
      String pid = envelope.persistenceId();
      long seqNr = envelope.sequenceNr();
      if (guard.isBlocked(pid)) {
        if (ParkedEvents.hasParked(c, guard.projection(), pid)) {
          park(c, envelope, new IllegalStateException("waits behind an earlier parked event of " + pid), 0);
          continue;
        }
        guard.unblocked(slice, pid, 0);
      }
      Savepoint savepoint = c.setSavepoint();
      try {
        one.apply(c, pid, seqNr, envelope.event());
        c.releaseSavepoint(savepoint);
        guard.applied(pid, seqNr);
      } catch (Exception e) {
        c.rollback(savepoint);
        if (FailureKind.isTransient(e, c)) throw e;
        int attempts = guard.failed(pid, seqNr);
        if (attempts < guard.settings().maxAttempts()) {
          log.warn("{}: event {} #{} failed (attempt {} of {}), retrying: {}", slice, pid, seqNr, attempts,
              guard.settings().maxAttempts(), FailureKind.describe(e, 500));
          throw e;
        }
        log.error("{}: event {} #{} parked after {} attempts: {}", slice, pid, seqNr, attempts,
            FailureKind.describe(e, 2000));
        park(c, envelope, e, attempts);
      }
    }
  }

  private void park(Connection c, EventEnvelope<Object> envelope, Throwable error, int attempts) throws SQLException {
    ParkedEvents.park(c, guard.projection(), slice, envelope.persistenceId(), envelope.sequenceNr(),
        envelope.event().getClass().getSimpleName(), codec.encode(envelope.event()), error, attempts, clock.instant());
    guard.parked(slice, envelope.persistenceId(), envelope.sequenceNr());
  }
}
