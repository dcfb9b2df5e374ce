package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.outbox.OutboxRow;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.org.OrgChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the org chart says about delivering an outbox row, decided when the row is claimed. Pure.
 *
 * <ul>
 *   <li><b>Quiet hours</b>: a row for a person inside their quiet hours on a channel that rings
 *       ({@link #RINGING}: voice, SMS, chat robots) waits until the quiet hours end. E-mail, webhooks
 *       and the app's stream never ring, so they are not held.
 *   <li><b>Manager alert</b>: when a row fails for good, the recipient's manager (else every
 *       director) is told on their own channels, once per failed row and channel. An alert that
 *       fails raises no further alert.
 * </ul>
 */
public final class DeliveryRules {

  /** Channels that make a phone ring or buzz: held during the recipient's quiet hours. */
  public static final Set<String> RINGING = Set.of("voice", "sms", "wecom", "dingtalk", "feishu");

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeliveryRules() {}

  /** The instant to try again when the recipient is in quiet hours for this channel; else empty. */
  public static Optional<Instant> holdUntil(OutboxRow row, OrgChart org, Instant now) {
    if (!RINGING.contains(row.channel())) return Optional.empty();
    return org.person(row.recipientId())
        .flatMap(p -> Optional.ofNullable(p.quietHours()))
        .flatMap(q -> q.endIfQuiet(now));
  }

  /** The rows that tell someone a row failed for good (none for a failed alert). */
  public static List<OutboxStore.NewRow> alertsFor(OutboxRow failed, OrgChart org, String error, Instant now) {
    if (Notice.DELIVERY_FAILED.equals(failed.kind())) return List.of();
    List<OrgChart.Person> to = org.managerOf(failed.recipientId()).map(List::of)
        .orElseGet(() -> org.people().stream().filter(p -> OrgChart.DIRECTOR.equals(p.role()))
            .filter(p -> !p.id().equals(failed.recipientId())).toList());
    List<OutboxStore.NewRow> rows = new ArrayList<>();
    for (OrgChart.Person person : to) {
      for (String channel : person.channels()) {
        String payload = JSON.createObjectNode()
            .put("leadId", failed.leadId())
            .put("kind", Notice.DELIVERY_FAILED)
            .put("role", "manager")
            .put("recipientId", person.id())
            .put("channel", channel)
            .put("at", now.toString())
            .put("failedRecipientId", failed.recipientId())
            .put("failedChannel", failed.channel())
            .put("failedKind", failed.kind())
            .put("error", OutboxStore.truncate(error))
            .toString();
        rows.add(new OutboxStore.NewRow(failed.idempotencyKey() + ":failed:" + person.id() + ":" + channel,
            failed.leadId(), person.id(), channel, Notice.DELIVERY_FAILED, payload));
      }
    }
    return rows;
  }
}
