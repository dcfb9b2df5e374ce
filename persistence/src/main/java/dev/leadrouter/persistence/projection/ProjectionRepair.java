package dev.leadrouter.persistence.projection;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;

/**
 * Replays parked events after their cause was fixed: all the parked events of the entity the chosen
 * row belongs to, in order, through the projection's own handler code, in one transaction; they are
 * marked replayed and the entity's later events flow normally again. A replay that fails again
 * changes nothing but the row's error and attempts.
 */
public final class ProjectionRepair {

  /** Applies one stored event to the read model in the caller's transaction (the projection handler's code). */
  @FunctionalInterface
  public interface Applier {
    void apply(Connection c, String persistenceId, long sequenceNr, Object event) throws Exception;
  }

  public sealed interface Outcome {}

  public record Replayed(List<ParkedEvents.Row> rows) implements Outcome {}

  public record NotFound(long id) implements Outcome {}

  public record AlreadyReplayed(ParkedEvents.Row row) implements Outcome {}

  public record Failed(ParkedEvents.Row row, String error) implements Outcome {}

  private final ParkedEvents parked;
  private final ProjectionGuard guard;
  private final EventCodec codec;
  private final Applier applier;
  private final Clock clock;

  public ProjectionRepair(ParkedEvents parked, ProjectionGuard guard, EventCodec codec, Applier applier, Clock clock) {
    this.parked = parked;
    this.guard = guard;
    this.codec = codec;
    this.applier = applier;
    this.clock = clock;
  }

  public ParkedEvents parked() {
    return parked;
  }

  /** Replays the parked events of the entity of row {@code id}. Blocking: call on the blocking dispatcher. */
  public Outcome replay(long id) {
    ParkedEvents.Row row = parked.get(id).orElse(null);
    if (row == null || !row.projection().equals(guard.projection())) return new NotFound(id);
    if (!ParkedEvents.PARKED.equals(row.status())) return new AlreadyReplayed(row);
    try {
      List<ParkedEvents.Row> done = parked.jdbc().inTransaction("replay parked events", c -> {
        List<ParkedEvents.Parked> events = ParkedEvents.parkedOf(c, row.projection(), row.persistenceId());
        for (ParkedEvents.Parked p : events) {
          try {
            applier.apply(c, p.row().persistenceId(), p.row().sequenceNr(), codec.decode(p.event()));
          } catch (java.sql.SQLException | RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          ParkedEvents.markReplayed(c, p.row().id(), clock.instant());
        }
        return events.stream().map(ParkedEvents.Parked::row).toList();
      });
      guard.unblocked(row.slice(), row.persistenceId(), done.size());
      return new Replayed(done);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
      parked.replayFailed(id, cause);
      return new Failed(row, FailureKind.describe(cause, 2000));
    }
  }
}
