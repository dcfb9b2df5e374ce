package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.QuietHours;
import dev.leadrouter.persistence.outbox.OutboxRow;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryRulesTest {

  private static final OrgChart ORG = new OrgChart(List.of(), List.of(), List.of(
      person("dir-1", OrgChart.DIRECTOR, null, List.of("email")),
      person("mgr-1", OrgChart.MANAGER, "dir-1", List.of("wecom", "email")),
      withQuiet(person("rep-1", OrgChart.REP, "mgr-1", List.of("voice", "app"))),
      person("rep-2", OrgChart.REP, null, List.of("app"))));

  private static OrgChart.Person person(String id, String role, String managerId, List<String> channels) {
    return new OrgChart.Person(id, id, role, managerId, null, List.of(), List.of(), List.of(), 5, null, null,
        channels, null, null, null);
  }

  private static OrgChart.Person withQuiet(OrgChart.Person p) {
    return new OrgChart.Person(p.id(), p.name(), p.role(), p.managerId(), p.team(), p.regions(), p.industries(),
        p.budgetBands(), p.capacity(), p.availability(), p.email(), p.channels(), "+8613800138000",
        new QuietHours("22:00", "08:00", "Asia/Shanghai"), null);
  }

  private static OutboxRow row(String recipient, String channel, String kind) {
    return new OutboxRow(7, "lead-1:3:" + recipient + ":" + channel, "lead-1", recipient, channel, kind, "{}", 2, 0);
  }

  /** 2026-11-24T15:30Z is 23:30 in Shanghai (quiet until 08:00 = 00:00Z); 05:00Z is 13:00 (not quiet). */
  @ParameterizedTest(name = "[{index}] {0} {1} at {2}")
  @CsvSource({
      "rep-1, voice,    2026-11-24T15:30:00Z, 2026-11-25T00:00:00Z",
      "rep-1, sms,      2026-11-24T15:30:00Z, 2026-11-25T00:00:00Z",
      "rep-1, wecom,    2026-11-24T15:30:00Z, 2026-11-25T00:00:00Z",
      "rep-1, email,    2026-11-24T15:30:00Z, ",
      "rep-1, app,      2026-11-24T15:30:00Z, ",
      "rep-1, webhook,  2026-11-24T15:30:00Z, ",
      "rep-1, voice,    2026-11-24T05:00:00Z, ",
      "rep-2, voice,    2026-11-24T15:30:00Z, ",
      "gone,  voice,    2026-11-24T15:30:00Z, ",
  })
  void ringingChannelsWaitForTheEndOfTheRecipientsQuietHours(String recipient, String channel, Instant now,
      Instant until) {
    assertEquals(Optional.ofNullable(until), DeliveryRules.holdUntil(row(recipient, channel, "REMINDER"), ORG, now));
  }

  @Test
  void aFailedRowAlertsTheRecipientsManagerOnEachOfTheirChannels() {
    List<OutboxStore.NewRow> alerts = DeliveryRules.alertsFor(row("rep-1", "voice", "REMINDER"), ORG, "gave up",
        Instant.parse("2026-11-24T10:00:00Z"));

    assertEquals(List.of("lead-1:3:rep-1:voice:failed:mgr-1:wecom", "lead-1:3:rep-1:voice:failed:mgr-1:email"),
        alerts.stream().map(OutboxStore.NewRow::idempotencyKey).toList());
    assertEquals("DELIVERY_FAILED", alerts.get(0).kind());
    assertEquals("mgr-1", alerts.get(0).recipientId());
    String payload = alerts.get(0).payload();
    for (String fragment : List.of("\"failedRecipientId\":\"rep-1\"", "\"failedChannel\":\"voice\"", "\"error\":\"gave up\"")) {
      assertEquals(true, payload.contains(fragment), payload);
    }
  }

  @Test
  void withoutAManagerTheDirectorsAreAlertedAndAFailedAlertRaisesNoOther() {
    assertEquals(List.of("dir-1"), DeliveryRules.alertsFor(row("rep-2", "app", "ASSIGNED"), ORG, "x", Instant.EPOCH)
        .stream().map(OutboxStore.NewRow::recipientId).toList());
    assertEquals(List.of(), DeliveryRules.alertsFor(row("mgr-1", "wecom", "DELIVERY_FAILED"), ORG, "x", Instant.EPOCH));
  }
}
