package dev.leadrouter.persistence.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.persistence.outbox.NoticeRows;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The lead projection's rows for {@code outbox}: one per notice of a lead event (recipient ×
 * channel), PENDING, with the JSON payload the channels deliver ({@code leadId}, the notice, and the
 * step that fired). Keyed by {@link NoticeRows} so a replayed event can never double a row; the
 * table's SQL is {@link OutboxStore}'s.
 */
final class OutboxWriter {

  private OutboxWriter() {}

  static void insert(Connection c, String leadId, long seqNr, Instant at, List<Notice> notices, Deadline deadline)
      throws SQLException {
    OutboxStore.insert(c, rows(leadId, seqNr, at, notices, deadline), at.toEpochMilli());
  }

  /** The rows of one event's notices; {@code deadline} (may be null) is the step that fired. */
  static List<OutboxStore.NewRow> rows(String leadId, long seqNr, Instant at, List<Notice> notices,
      Deadline deadline) {
    ObjectNode details = NoticeRows.JSON.createObjectNode();
    if (deadline != null) {
      details.put("step", deadline.step()).put("action", deadline.action().name())
          .put("dueAt", deadline.dueAt().toString());
    }
    return NoticeRows.of(leadId, seqNr, at, notices, NoticeRows.JSON.createObjectNode().put("leadId", leadId), details);
  }
}
