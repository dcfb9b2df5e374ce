package dev.leadrouter.persistence.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lead projection's rows for {@code outbox}: one per notice of a lead event (recipient ×
 * channel), PENDING, with the JSON payload the channels deliver. The key (lead, event sequence
 * number, recipient, channel) is unique in the table, and the insert skips a key that exists, so a
 * replayed event can never double a row. The table's SQL is {@link OutboxStore}'s.
 */
final class OutboxWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutboxWriter() {}

  static void insert(Connection c, String leadId, long seqNr, Instant at, List<Notice> notices, Deadline deadline)
      throws SQLException {
    OutboxStore.insert(c, rows(leadId, seqNr, at, notices, deadline), at.toEpochMilli());
  }

  /** The rows of one event's notices; {@code deadline} (may be null) is the step that fired. */
  static List<OutboxStore.NewRow> rows(String leadId, long seqNr, Instant at, List<Notice> notices,
      Deadline deadline) {
    List<OutboxStore.NewRow> rows = new ArrayList<>(notices.size());
    for (Notice n : notices) {
      ObjectNode payload = JSON.createObjectNode()
          .put("leadId", leadId)
          .put("kind", n.kind())
          .put("role", n.role())
          .put("recipientId", n.recipientId())
          .put("channel", n.channel())
          .put("at", at.toString());
      if (deadline != null) {
        payload.put("step", deadline.step()).put("action", deadline.action().name())
            .put("dueAt", deadline.dueAt().toString());
      }
      rows.add(new OutboxStore.NewRow(leadId + ":" + seqNr + ":" + n.recipientId() + ":" + n.channel(), leadId,
          n.recipientId(), n.channel(), n.kind(), payload.toString()));
    }
    return rows;
  }
}
