package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.outbox.OutboxRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationTextTest {

  private static final String FULL = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"role\":\"rep\",\"recipientId\":\"rep-1\","
      + "\"channel\":\"email\",\"at\":\"2026-11-24T10:00:00Z\",\"step\":1,\"action\":\"REMIND\","
      + "\"dueAt\":\"2026-11-24T10:15:00Z\"}";
  private static final Instant NOW = Instant.parse("2026-11-24T10:16:00Z");
  /** The lead's row as the projection wrote it: next step (escalation) due 14 minutes after NOW. */
  private static final LeadCard CARD = new LeadCard("L-1", "李娜女士", "李娜", List.of("+8613800138000", "+862161234567"),
      "上海电气", "华东", "上海市", "上海市", "工业自动化", new Budget(500_000L, 2_000_000L, "CNY", false), "baidu-form",
      Instant.parse("2026-11-24T10:30:00Z"), "ESCALATE_MANAGER");

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
  void everyKindHasItsWordsInTheRecipientsLanguage(String kind, String zh, String en, String zhAsk, String enAsk) {
    NotificationText chinese = NotificationText.of(row(kind, FULL), "王小明", "zh-CN", NOW);
    NotificationText english = NotificationText.of(row(kind, FULL), "Wang Xiaoming", "en", NOW);

    assertEquals("[leadrouter] " + zh + "：线索 L-1", chinese.title());
    assertEquals("[leadrouter] " + en + ": lead L-1", english.title());
    assertEquals(zh + "：线索 L-1（截止时间：2026-11-24T10:15:00Z）。" + zhAsk, chinese.shortText());
    assertEquals(en + ": lead L-1 (due 2026-11-24T10:15:00Z). " + enAsk, english.shortText());
    assertEquals(zh + "：线索 L-1\n"
        + "接收人：王小明\n"
        + "事件时间：2026-11-24T10:00:00Z\n"
        + "升级步骤：1（提醒销售）\n"
        + "截止时间：2026-11-24T10:15:00Z\n"
        + zhAsk + "\n"
        + "\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", chinese.plain());
    assertEquals(en + ": lead L-1\n"
        + "For: Wang Xiaoming\n"
        + "At: 2026-11-24T10:00:00Z\n"
        + "Step: 1 (remind the rep)\n"
        + "Due: 2026-11-24T10:15:00Z\n"
        + enAsk + "\n"
        + "\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", english.plain());
    assertFalse(chinese.plain().contains(enAsk), "one language only");
    assertTrue(chinese.html().contains(NotificationText.escapeHtml(zhAsk)), chinese.html());
    assertTrue(english.html().contains("<html lang=\"en\">"), english.html());
    assertTrue(chinese.markdown().startsWith("#### "), chinese.markdown());
    assertTrue(english.markdown().contains(enAsk) && !english.markdown().contains(zhAsk), english.markdown());
  }

  @Test
  void theRepSeesWhomToCallInChinese() {
    NotificationText t = NotificationText.of(row("REMINDER", FULL).withLead(CARD), "王小明", "zh-CN", NOW);

    assertEquals("[leadrouter] 跟进提醒：李娜女士 · 上海电气（线索 L-1）", t.title());
    assertEquals("跟进提醒：李娜女士 · 上海电气（线索 L-1）\n"
        + "接收人：王小明\n"
        + "联系人：李娜女士\n"
        + "电话：+8613800138000、+862161234567\n"
        + "公司：上海电气\n"
        + "地区：上海市\n"
        + "行业：工业自动化\n"
        + "预算：50万–200万 CNY\n"
        + "来源：baidu-form\n"
        + "下一时限：2026-11-24T10:30:00Z（剩余 14 分钟）\n"
        + "事件时间：2026-11-24T10:00:00Z\n"
        + "升级步骤：1（提醒销售）\n"
        + "截止时间：2026-11-24T10:15:00Z\n"
        + "请尽快跟进并确认线索。\n"
        + "\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", t.plain());
    assertEquals("跟进提醒：李娜女士 · 上海电气（线索 L-1）：+8613800138000 · 上海电气 · 上海市 · 工业自动化 · 50万–200万 CNY"
        + " · 来源 baidu-form · 剩余 14 分钟（截止时间：2026-11-24T10:15:00Z）。请尽快跟进并确认线索。", t.shortText());
  }

  @Test
  void theRepSeesWhomToCallInEnglish() {
    LeadCard negotiable = new LeadCard("L-1", null, "Smith", List.of("+14155550100"), null, "境外", null, null,
        "SaaS", new Budget(null, null, null, true), "hubspot", Instant.parse("2026-11-24T10:13:00Z"), "BREACH");
    NotificationText t = NotificationText.of(row("ASSIGNED", "{\"at\":\"2026-11-24T10:00:00Z\"}").withLead(negotiable),
        "Ann", "en", NOW);

    assertEquals("[leadrouter] New lead: Smith (lead L-1)", t.title());
    assertEquals("New lead: Smith (lead L-1)\n"
        + "For: Ann\n"
        + "Contact: Smith\n"
        + "Phone: +14155550100\n"
        + "Region: 境外\n"
        + "Industry: SaaS\n"
        + "Budget: negotiable\n"
        + "Source: hubspot\n"
        + "Next deadline: 2026-11-24T10:13:00Z (3 min overdue)\n"
        + "At: 2026-11-24T10:00:00Z\n"
        + "Please contact the lead and acknowledge it.\n"
        + "\n"
        + "-- leadrouter (L-1:4:rep-1:email)\n", t.plain());
    assertEquals("New lead: Smith (lead L-1): +14155550100 · 境外 · SaaS · negotiable · source hubspot · 3 min overdue."
        + " Please contact the lead and acknowledge it.", t.shortText());
    assertEquals("en", t.locale());
  }

  @Test
  void anUnknownOrMissingLocaleReadsChinese() {
    assertEquals("zh-CN", NotificationText.of(row("REMINDER", FULL), "x", null, NOW).locale());
    assertEquals("zh-CN", NotificationText.of(row("REMINDER", FULL), "x", "fr", NOW).locale());
    assertEquals("en", NotificationText.of(row("REMINDER", FULL), "x", "en-GB", NOW).locale());
  }

  @Test
  void missingFieldsAreLeftOut() {
    NotificationText t = NotificationText.of(row("FALLBACK", "{\"leadId\":\"L-1\",\"kind\":\"FALLBACK\",\"at\":null}"),
        "", "zh-CN", NOW);

    assertEquals("线索无人可分配：线索 L-1\n没有可分配的销售，请手动分配。\n\n-- leadrouter (L-1:4:rep-1:email)\n", t.plain());
    assertEquals("线索无人可分配：线索 L-1。没有可分配的销售，请手动分配。", t.shortText());
    assertEquals("Lead could not be routed: lead L-1. No rep is eligible; please assign the lead by hand.",
        NotificationText.of(row("FALLBACK", "{}"), "", "en", NOW).shortText());
    assertEquals("", t.at());
    assertFalse(t.html().contains("<br>"), t.html());
    LeadCard bare = new LeadCard("L-1", null, null, List.of(), null, "未知", null, null, null, null, null, null, null);
    assertEquals(t.plain(), NotificationText.of(row("FALLBACK", "{}").withLead(bare), "", "zh-CN", NOW).plain(),
        "a lead row without details adds nothing");
  }

  @Test
  void aStepWithoutActionAndAnUnknownActionAreShownAsTheyAre() {
    assertTrue(NotificationText.of(row("REMINDER", "{\"step\":2}"), null, "zh-CN", NOW).plain().contains("升级步骤：2\n"));
    OutboxRow row = row("REMINDER", "{\"step\":2,\"action\":\"CALL_BOSS\"}");
    String zh = NotificationText.of(row, null, "zh-CN", NOW).plain();
    assertTrue(zh.contains("升级步骤：2（CALL_BOSS）\n"), zh);
    String en = NotificationText.of(row, null, "en", NOW).plain();
    assertTrue(en.contains("Step: 2 (CALL_BOSS)\n"), en);
  }

  @Test
  void htmlEscapesEveryValue() {
    OutboxRow row = new OutboxRow(1, "k<1>", "L&\"2'", "rep-1", "email", "<b>NEW</b>",
        "{\"at\":\"<script>alert(1)</script>\",\"dueAt\":\"a&b\"}", 0, 0)
        .withLead(new LeadCard("L&\"2'", "<i>王</i>", null, List.of(), "A & B", null, null, null, null, null, null, null,
            null));
    String html = NotificationText.of(row, "Tom <admin> & 'Jerry'", "zh-CN", NOW).html();

    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<admin>"), html);
    assertFalse(html.contains("<b>"), html);
    assertFalse(html.contains("<i>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("接收人：Tom &lt;admin&gt; &amp; &#39;Jerry&#39;"), html);
    assertTrue(html.contains("联系人：&lt;i&gt;王&lt;/i&gt;"), html);
    assertTrue(html.contains("线索 L&amp;&quot;2&#39;"), html);
    assertTrue(html.contains("线索通知（&lt;b&gt;NEW&lt;/b&gt;）"), html);
    assertTrue(html.contains("-- leadrouter (k&lt;1&gt;)"), html);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"), html);
  }

  @Test
  void markdownEscapesValues() {
    OutboxRow row = row("REMINDER", "{\"dueAt\":\"*soon*\"}")
        .withLead(new LeadCard("L-1", "王_总", null, List.of(), "[ACME]", null, null, null, null, null, null, null, null));
    String md = NotificationText.of(row, "[王]_<x>", "zh-CN", NOW).markdown();

    assertTrue(md.contains("**接收人**：\\[王\\]\\_\\<x\\>\n\n"), md);
    assertTrue(md.contains("**截止时间**：\\*soon\\*\n\n"), md);
    assertTrue(md.contains("**公司**：\\[ACME\\]\n\n"), md);
    assertTrue(md.contains("#### 跟进提醒：王\\_总 · \\[ACME\\]（线索 L-1）\n\n"), md);
  }

  @Test
  void aPayloadThatIsNotJsonIsAPermanentFailure() {
    PermanentDeliveryException e = assertThrows(PermanentDeliveryException.class,
        () -> NotificationText.of(row("REMINDER", "{oops"), "x", "zh-CN", NOW));
    assertTrue(e.getMessage().startsWith("payload is not JSON"), e.getMessage());
  }

  @Test
  void theRecipientIsNamedByTheDisplayNameElseTheId() {
    assertEquals("王小明", NotificationText.recipientName(java.util.Map.of("recipient.name", "王小明"), "rep-1"));
    assertEquals("rep-1", NotificationText.recipientName(java.util.Map.of("recipient.name", " "), "rep-1"));
    assertEquals("rep-1", NotificationText.recipientName(java.util.Map.of(), "rep-1"));
  }

  @Test
  void aDowngradeSaysWhichOpportunityAndFromWhichStageToWhich() {
    String payload = "{\"opportunityId\":\"opp-L-1\",\"leadId\":\"L-1\",\"name\":\"上海电气 产线改造\","
        + "\"kind\":\"DOWNGRADED\",\"at\":\"2026-11-24T10:00:00Z\",\"from\":\"quote\",\"to\":\"solution_demo\"}";
    OutboxRow row = new OutboxRow(1, "opp-L-1:7:rep-1:email", "opp-L-1", "rep-1", "email", "DOWNGRADED", payload, 0, 0);

    NotificationText zh = NotificationText.of(row, "王小明", "zh-CN", NOW);
    NotificationText en = NotificationText.of(row, "Wang", "en", NOW);

    assertEquals("[leadrouter] 商机已降级：上海电气 产线改造（商机 opp-L-1）", zh.title());
    assertTrue(zh.plain().contains("阶段：quote → solution_demo\n"), zh.plain());
    assertEquals("Opportunity downgraded: 上海电气 产线改造 (opportunity opp-L-1): quote → solution_demo. "
        + "No valid action for too long: the opportunity moved back a stage. Please follow it up.", en.shortText());
  }

  @Test
  void aSilentWarningNamesTheStageAndSummarisesTheLastActions() {
    String payload = "{\"opportunityId\":\"opp-L-1\",\"leadId\":\"L-1\",\"name\":\"产线改造\","
        + "\"kind\":\"SILENT_WARNING\",\"at\":\"2026-11-24T10:00:00Z\",\"stage\":\"solution_demo\","
        + "\"summary\":\"11-20 solution_demo (valid)\"}";
    OutboxRow row = new OutboxRow(1, "opp-L-1:9:mgr-1:email", "opp-L-1", "mgr-1", "email", "SILENT_WARNING", payload, 0, 0);

    NotificationText en = NotificationText.of(row, "Li", "en", NOW);

    assertEquals("[leadrouter] Opportunity gone quiet: 产线改造 (opportunity opp-L-1)", en.title());
    assertTrue(en.plain().contains("Stage: solution_demo\nLast actions: 11-20 solution_demo (valid)\n"), en.plain());
  }
}
