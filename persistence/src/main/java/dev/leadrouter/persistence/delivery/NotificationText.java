package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.org.Locales;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.card.LeadCardText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of one outbox notice (pure), the one place for notification wording: a title and a body
 * in the recipient's language ({@code zh-CN}, the default, or {@code en}: the person's {@code locale}
 * in the org chart), rendered as plain text, HTML (every value escaped) and Markdown (group robots),
 * plus one line for SMS and voice. The body carries what the rep needs to call, from the lead's row
 * as it is at send time ({@link OutboxRow#lead()}, see {@link LeadCardText}): who and how to address
 * them, phones, company, region, industry, budget, source and the next deadline with the time left.
 * An opportunity's notice (payload with {@code opportunityId}: a downgrade or a silent warning) names
 * the opportunity and says from which stage to which it moved, or which stage went quiet and the
 * summary of its last actions. Values that are missing (in the payload or the lead's row) are left
 * out; an unknown kind gets a generic text naming it.
 */
public final class NotificationText {

  /** How one kind reads: its name and what the reader should do, in Chinese and English. */
  record Wording(String zh, String en, String zhAsk, String enAsk) {}

  static final Map<String, Wording> KINDS = Map.ofEntries(
      Map.entry("ASSIGNED", new Wording("新线索", "New lead", "请尽快联系客户并确认线索。",
          "Please contact the lead and acknowledge it.")),
      Map.entry("REMINDER", new Wording("跟进提醒", "Follow-up reminder", "请尽快跟进并确认线索。",
          "Please follow up and acknowledge the lead.")),
      Map.entry("ESCALATION", new Wording("线索升级", "Lead escalated", "线索未按时确认，请督促跟进。",
          "The lead was not acknowledged in time; please see that it is followed up.")),
      Map.entry("ESCALATION_COPY", new Wording("线索升级（抄送）", "Lead escalated (copy)", "供您知悉，无需操作。",
          "For your information; no action needed.")),
      Map.entry("FALLBACK", new Wording("线索无人可分配", "Lead could not be routed", "没有可分配的销售，请手动分配。",
          "No rep is eligible; please assign the lead by hand.")),
      Map.entry("BREACHED", new Wording("线索已超时", "SLA breached", "线索已超过时限，请立即跟进。",
          "The lead is past its deadline; please follow up now.")),
      Map.entry("REASSIGNED", new Wording("线索已改派", "Lead reassigned", "线索负责人已变更，请查看最新分配。",
          "The lead has a new owner; please check the current assignment.")),
      Map.entry("WITHDRAWN", new Wording("销售已停用，线索已重新分配", "Rep deactivated: lead rerouted",
          "该销售已停用，其未结线索已重新分配，请查看新的负责人。",
          "The rep was deactivated; their open lead was routed again. Please check its new owner.")),
      Map.entry("DELIVERY_FAILED", new Wording("通知发送失败", "Notification not delivered", "有通知未能送达，请检查通知渠道配置。",
          "A notification could not be delivered; please check the channel settings.")),
      Map.entry("DOWNGRADED", new Wording("商机已降级", "Opportunity downgraded",
          "长时间没有有效跟进，商机已退回上一阶段，请尽快跟进。",
          "No valid action for too long: the opportunity moved back a stage. Please follow it up.")),
      Map.entry("SILENT_WARNING", new Wording("商机停滞提醒", "Opportunity gone quiet",
          "该阶段已超过静默期，请推进商机。",
          "The stage was held past its silent period; please move the opportunity forward.")),
      Map.entry("SOURCE_HEALTH_LOW", new Wording("线索来源质量下降", "Lead source health low",
          "该来源最近线索的平均健康分低于阈值，请检查来源配置与投放。",
          "The average health of this source's latest leads fell below the threshold; please check the source and its campaigns.")));

  /** An SLA action in words. */
  record ActionWords(String zh, String en) {}

  /** The known SLA actions; another action is shown as it is. */
  static final Map<String, ActionWords> ACTIONS = Map.of(
      "REMIND", new ActionWords("提醒销售", "remind the rep"),
      "ESCALATE_MANAGER", new ActionWords("升级至经理", "escalate to the manager"),
      "ESCALATE_DIRECTOR", new ActionWords("升级至总监", "escalate to the director"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String locale;
  private final String title;
  private final String heading;
  private final String separator;
  private final List<Line> lines;
  private final String closing;
  private final String footer;
  private final String at;
  private final String shortText;

  private NotificationText(OutboxRow row, String recipientName, JsonNode payload, String locale, Instant now) {
    LeadCardText words = LeadCardText.of(locale);
    boolean en = words.locale().equals(Locales.EN);
    Wording w = wording(row.kind());
    String kind = en ? w.en() : w.zh();
    String ask = en ? w.enAsk() : w.zhAsk();
    Optional<String> step = field(payload, "step");
    Optional<String> action = field(payload, "action");
    Optional<String> due = field(payload, "dueAt");
    Optional<String> name = Optional.ofNullable(recipientName).filter(s -> !s.isBlank());
    Optional<String> at = field(payload, "at");
    LeadCard card = row.lead();
    // An opportunity's notice (DOWNGRADED, SILENT_WARNING): the opportunity id in lead_id, its name in the payload.
    boolean opportunity = field(payload, "opportunityId").isPresent();
    String lead = (opportunity ? (en ? "opportunity " : "商机 ") : (en ? "lead " : "线索 ")) + row.leadId();
    String who = opportunity ? field(payload, "name").orElse(null)
        : card == null ? null : join(card.addressedAs(), card.company());
    this.locale = words.locale();
    this.separator = en ? ": " : "：";
    this.heading = kind + separator + (who == null ? lead : who + (en ? " (" + lead + ")" : "（" + lead + "）"));
    this.title = "[leadrouter] " + heading;
    this.footer = "-- leadrouter (" + row.idempotencyKey() + ")";
    this.closing = ask;
    this.at = at.orElse("");

    List<Line> lines = new ArrayList<>();
    name.ifPresent(n -> lines.add(new Line(en ? "For" : "接收人", n)));
    if (card != null) {
      for (LeadCardText.Line line : words.lines(card, now)) lines.add(new Line(line.label(), line.value()));
    }
    at.ifPresent(a -> lines.add(new Line(en ? "At" : "事件时间", a)));
    Optional<String> actionWords = action.map(a -> {
      ActionWords known = ACTIONS.getOrDefault(a, new ActionWords(a, a));
      return en ? known.en() : known.zh();
    });
    if (step.isPresent() || action.isPresent()) {
      lines.add(new Line(en ? "Step" : "升级步骤", join(step, actionWords, en ? " (" : "（", en ? ")" : "）")));
    }
    due.ifPresent(d -> lines.add(new Line(en ? "Due" : "截止时间", d)));
    Optional<String> from = field(payload, "from");
    Optional<String> to = field(payload, "to");
    if (from.isPresent() && to.isPresent()) lines.add(new Line(en ? "Stage" : "阶段", from.get() + " → " + to.get()));
    field(payload, "stage").ifPresent(st -> lines.add(new Line(en ? "Stage" : "阶段", st)));
    Optional<String> summary = field(payload, "summary");
    summary.ifPresent(sm -> lines.add(new Line(en ? "Last actions" : "最近跟进", sm)));
    this.lines = List.copyOf(lines);

    String details = card != null ? words.details(card, now)
        : from.isPresent() && to.isPresent() ? from.get() + " → " + to.get()
        : field(payload, "stage").orElse("");
    String dueText = due.map(d -> en ? " (due " + d + ")" : "（截止时间：" + d + "）").orElse("");
    this.shortText = heading + (details.isEmpty() ? "" : separator + details) + dueText + (en ? ". " : "。") + ask;
  }

  /** One labelled line, e.g. 截止时间 / Due. */
  private record Line(String label, String value) {}

  /**
   * The text of {@code row} for the person called {@code recipientName} (blank: not named), in
   * {@code locale} ({@code zh-CN} or {@code en}; anything else reads Chinese), with time left
   * counted at {@code now} (null: no time left shown).
   *
   * @throws PermanentDeliveryException if the payload is not JSON
   */
  public static NotificationText of(OutboxRow row, String recipientName, String locale, Instant now) {
    JsonNode payload;
    try {
      payload = JSON.readTree(row.payload() == null ? "{}" : row.payload());
    } catch (IOException e) {
      throw new PermanentDeliveryException("payload is not JSON: " + e.getMessage());
    }
    return new NotificationText(row, recipientName, payload == null ? JSON.createObjectNode() : payload, locale, now);
  }

  /** The display name in recipient fields ({@code recipient.name}), else the id. */
  public static String recipientName(Map<String, String> fields, String recipientId) {
    String name = fields.get("recipient.name");
    return name == null || name.isBlank() ? recipientId : name;
  }

  /** E.g. {@code [leadrouter] 跟进提醒：李娜女士 · 上海电气（线索 L-1）} (an e-mail subject). */
  public String title() {
    return title;
  }

  /** The locale the text is in: {@code zh-CN} or {@code en}. */
  public String locale() {
    return locale;
  }

  /** One line, e.g. for SMS or voice: heading, the lead's details, due time, what to do. */
  public String shortText() {
    return shortText;
  }

  /** The payload's event time ({@code at}), or "" when absent. */
  public String at() {
    return at;
  }

  /** The whole notice as plain text: heading, labelled lines, what to do, then a footer with the idempotency key. */
  public String plain() {
    StringBuilder b = new StringBuilder(heading).append('\n');
    for (Line line : lines) b.append(line.label()).append(separator).append(line.value()).append('\n');
    return b.append(closing).append('\n').append('\n').append(footer).append('\n').toString();
  }

  /** {@link #plain()} as an HTML document; every value is escaped. */
  public String html() {
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html")
        .append(" lang=\"").append(locale).append("\"><head><meta charset=\"utf-8\"></head><body>\n")
        .append("<h3>").append(escapeHtml(heading)).append("</h3>\n<p>");
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      b.append(i == 0 ? "" : "<br>\n").append(escapeHtml(line.label() + separator + line.value()));
    }
    return b.append("</p>\n<p>").append(escapeHtml(closing)).append("</p>\n")
        .append("<p style=\"color:#888888\">").append(escapeHtml(footer)).append("</p>\n</body></html>\n").toString();
  }

  /** {@link #plain()} as Markdown for group robots; values are backslash-escaped. */
  public String markdown() {
    StringBuilder b = new StringBuilder("#### ").append(escapeMarkdown(heading)).append("\n\n");
    for (Line line : lines) {
      b.append("**").append(line.label()).append("**").append(separator).append(escapeMarkdown(line.value()))
          .append("\n\n");
    }
    return b.append(closing).append('\n').append('\n').append(escapeMarkdown(footer)).append('\n').toString();
  }

  static Wording wording(String kind) {
    Wording known = KINDS.get(kind);
    if (known != null) return known;
    return new Wording("线索通知（" + kind + "）", "Lead notice (" + kind + ")", "请查看线索详情。",
        "Please look at the lead.");
  }

  /** The present values joined with " · "; null when none is present. */
  private static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null && !part.isBlank()) present.add(part);
    }
    return present.isEmpty() ? null : String.join(" · ", present);
  }

  private static String join(Optional<String> step, Optional<String> action, String open, String close) {
    if (step.isPresent() && action.isPresent()) return step.get() + open + action.get() + close;
    return step.orElseGet(action::get);
  }

  private static Optional<String> field(JsonNode payload, String name) {
    JsonNode node = payload.get(name);
    if (node == null || node.isNull() || node.isContainerNode()) return Optional.empty();
    String text = node.asText();
    return text.isBlank() ? Optional.empty() : Optional.of(text);
  }

  /** Escapes {@code & < > " '} for HTML text and attribute values. */
  static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Backslash-escapes the characters that start Markdown emphasis, links, code or inline HTML. */
  static String escapeMarkdown(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("\\`*_[]<>~|#".indexOf(c) >= 0) b.append('\\');
      b.append(c);
    }
    return b.toString();
  }
}
