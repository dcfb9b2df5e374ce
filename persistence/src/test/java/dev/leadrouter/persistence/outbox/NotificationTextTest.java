package dev.leadrouter.persistence.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationTextTest {

  private static final String FULL = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"role\":\"rep\",\"recipientId\":\"rep-1\","
      + "\"channel\":\"email\",\"at\":\"2026-11-24T10:00:00Z\",\"step\":1,\"action\":\"REMIND\","
      + "\"dueAt\":\"2026-11-24T10:15:00Z\"}";

  private static OutboxRow row(String kind, String payload) {
    return new OutboxRow(1, "L-1:4:rep-1:email", "L-1", "rep-1", "email", kind, payload, 0, 0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ASSIGNED        | 新线索           | New lead                   | 请尽快联系客户并确认线索。   | Please contact the lead and acknowledge it.
      REMINDER        | 跟进提醒         | Follow-up reminder         | 请尽快跟进并确认线索。       | Please follow up and acknowledge the lead.
      ESCALATION      | 线索升级         | Lead escalated             | 线索未按时确认，请督促跟进。 | The lead was not acknowledged in time; please see that it is followed up.
      ESCALATION_COPY | 线索升级（抄送） | Lead escalated (copy)      | 供您知悉，无需操作。         | For your information; no action needed.
      FALLBACK        | 线索无人可分配   | Lead could not be routed   | 没有可分配的销售，请手动分配。 | No rep is eligible; please assign the lead by hand.
      BREACHED        | 线索已超时       | SLA breached               | 线索已超过时限，请立即跟进。 | The lead is past its deadline; please follow up now.
      REASSIGNED      | 线索已改派       | Lead reassigned            | 线索负责人已变更，请查看最新分配。 | The lead has a new owner; please check the current assignment.
      WITHDRAWN       | 销售已停用，线索已重新分配 | Rep deactivated: lead rerouted | 该销售已停用，其未结线索已重新分配，请查看新的负责人。 | The rep was deactivated; their open lead was routed again. Please check its new owner.
      DELIVERY_FAILED | 通知发送失败     | Notification not delivered | 有通知未能送达，请检查通知渠道配置。 | A notification could not be delivered; please check the channel settings.
      SOMETHING_NEW   | 线索通知（SOMETHING_NEW） | Lead notice (SOMETHING_NEW) | 请查看线索详情。 | Please look at the lead.
      """)
  void everyKindHasItsWordsInChineseThenEnglish(String kind, String zh, String en, String zhAsk, String enAsk) {
    NotificationText t = NotificationText.of(row(kind, FULL), "王小明");

    assertEquals("[leadrouter] " + zh + " / " + en + ": lead L-1", t.title());
    assertEquals(zh + "：线索 L-1（截止时间：2026-11-24T10:15:00Z）。" + zhAsk, t.shortZh());
    assertEquals(en + ": lead L-1 (due 2026-11-24T10:15:00Z). " + enAsk, t.shortEn());
    assertEquals(zh + "：线索 L-1\n"
        + "接收人：王小明\n"
        + "事件时间：2026-11-24T10:00:00Z\n"
        + "升级步骤：1（提醒销售）\n"
        + "截止时间：2026-11-24T10:15:00Z\n"
        + zhAsk + "\n"
        + "\n"
        + en + ": lead L-1\n"
        + "For: 王小明\n"
        + "At: 2026-11-24T10:00:00Z\n"
        + "Step: 1 (remind the rep)\n"
        + "Due: 2026-11-24T10:15:00Z\n"
        + enAsk + "\n"
        + "\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", t.plain());
    assertTrue(t.html().indexOf(NotificationText.escapeHtml(zhAsk)) < t.html().indexOf(NotificationText.escapeHtml(enAsk)));
    assertTrue(t.markdown().startsWith("#### "), t.markdown());
    assertTrue(t.markdown().contains(zhAsk) && t.markdown().contains(enAsk), t.markdown());
  }

  @Test
  void missingFieldsAreLeftOut() {
    NotificationText t = NotificationText.of(row("FALLBACK", "{\"leadId\":\"L-1\",\"kind\":\"FALLBACK\",\"at\":null}"), "");

    assertEquals("线索无人可分配：线索 L-1\n没有可分配的销售，请手动分配。\n\n"
        + "Lead could not be routed: lead L-1\nNo rep is eligible; please assign the lead by hand.\n\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", t.plain());
    assertEquals("线索无人可分配：线索 L-1。没有可分配的销售，请手动分配。", t.shortZh());
    assertEquals("Lead could not be routed: lead L-1. No rep is eligible; please assign the lead by hand.", t.shortEn());
    assertEquals("", t.at());
    assertFalse(t.html().contains("<br>"), t.html());
  }

  @Test
  void aStepWithoutActionAndAnUnknownActionAreShownAsTheyAre() {
    assertTrue(NotificationText.of(row("REMINDER", "{\"step\":2}"), null).plain().contains("升级步骤：2\n"));
    String plain = NotificationText.of(row("REMINDER", "{\"step\":2,\"action\":\"CALL_BOSS\"}"), null).plain();
    assertTrue(plain.contains("升级步骤：2（CALL_BOSS）\n"), plain);
    assertTrue(plain.contains("Step: 2 (CALL_BOSS)\n"), plain);
  }

  @Test
  void htmlEscapesEveryValue() {
    OutboxRow row = new OutboxRow(1, "k<1>", "L&\"2'", "rep-1", "email", "<b>NEW</b>",
        "{\"at\":\"<script>alert(1)</script>\",\"dueAt\":\"a&b\"}", 0, 0);
    String html = NotificationText.of(row, "Tom <admin> & 'Jerry'").html();

    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<admin>"), html);
    assertFalse(html.contains("<b>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("接收人：Tom &lt;admin&gt; &amp; &#39;Jerry&#39;"), html);
    assertTrue(html.contains("lead L&amp;&quot;2&#39;"), html);
    assertTrue(html.contains("线索通知（&lt;b&gt;NEW&lt;/b&gt;）"), html);
    assertTrue(html.contains("-- leadrouter (k&lt;1&gt;)"), html);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"), html);
  }

  @Test
  void markdownEscapesValues() {
    String md = NotificationText.of(row("REMINDER", "{\"dueAt\":\"*soon*\"}"), "[王]_<x>").markdown();

    assertTrue(md.contains("**接收人**：\\[王\\]\\_\\<x\\>\n\n"), md);
    assertTrue(md.contains("**截止时间**：\\*soon\\*\n\n"), md);
    assertTrue(md.contains("#### 跟进提醒：线索 L-1\n\n"), md);
  }

  @Test
  void aPayloadThatIsNotJsonIsAPermanentFailure() {
    PermanentDeliveryException e =
        assertThrows(PermanentDeliveryException.class, () -> NotificationText.of(row("REMINDER", "{oops"), "x"));
    assertTrue(e.getMessage().startsWith("payload is not JSON"), e.getMessage());
  }

  @Test
  void theRecipientIsNamedByTheDisplayNameElseTheId() {
    assertEquals("王小明", NotificationText.recipientName(java.util.Map.of("recipient.name", "王小明"), "rep-1"));
    assertEquals("rep-1", NotificationText.recipientName(java.util.Map.of("recipient.name", " "), "rep-1"));
    assertEquals("rep-1", NotificationText.recipientName(java.util.Map.of(), "rep-1"));
  }
}
