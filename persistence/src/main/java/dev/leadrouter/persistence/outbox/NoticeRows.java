package dev.leadrouter.persistence.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.vocab.Notice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox rows of one event's notices (recipient × channel), for every projection that writes
 * them: keyed (entity id, event sequence number, recipient, channel), so a replayed event can never
 * double a row ({@link OutboxStore#insert} skips a key that exists). The entity id (a lead's, or an
 * opportunity's) goes in the {@code lead_id} column. The JSON payload is the entity's own fields
 * ({@code subject}), then the notice's ({@code kind, role, recipientId, channel, at}), then what
 * the event adds ({@code details}).
 */
public final class NoticeRows {

  public static final ObjectMapper JSON = new ObjectMapper();

  private NoticeRows() {}

  public static List<OutboxStore.NewRow> of(String entityId, long seqNr, Instant at, List<Notice> notices,
      ObjectNode subject, ObjectNode details) {
    List<OutboxStore.NewRow> rows = new ArrayList<>(notices.size());
    for (Notice n : notices) {
      ObjectNode payload = subject.deepCopy()
          .put("kind", n.kind())
          .put("role", n.role())
          .put("recipientId", n.recipientId())
          .put("channel", n.channel())
          .put("at", at.toString());
      payload.setAll(details);
      rows.add(new OutboxStore.NewRow(entityId + ":" + seqNr + ":" + n.recipientId() + ":" + n.channel(), entityId,
          n.recipientId(), n.channel(), n.kind(), payload.toString()));
    }
    return rows;
  }
}
