package dev.leadrouter.persistence.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of one outbox notice (pure), the one place for notification wording: a title and a body
 * in Chinese then English, rendered as plain text, HTML (every value escaped) and Markdown (group
 * robots), plus one-line texts for SMS and voice. Payload fields that are missing are left out; an
 * unknown kind gets a generic text naming it.
 */
public final class NotificationText {

  /** How one kind reads: its name and what the reader should do, in Chinese and English. */
  record Wording(String zh, String en, String zhAsk, String enAsk) {}

  static final Map<String, Wording> KINDS = Map.of(
      "ASSIGNED", new Wording("新线索", "New lead", "请尽快联系客户并确认线索。",
          "Please contact the lead and acknowledge it."),
      "REMINDER", new Wording("跟进提醒", "Follow-up reminder", "请尽快跟进并确认线索。",
          "Please follow up and acknowledge the lead."),
      "ESCALATION", new Wording("线索升级", "Lead escalated", "线索未按时确认，请督促跟进。",
          "The lead was not acknowledged in time; please see that it is followed up."),
      "ESCALATION_COPY", new Wording("线索升级（抄送）", "Lead escalated (copy)", "供您知悉，无需操作。",
          "For your information; no action needed."),
      "FALLBACK", new Wording("线索无人可分配", "Lead could not be routed", "没有可分配的销售，请手动分配。",
          "No rep is eligible; please assign the lead by hand."),
      "BREACHED", new Wording("线索已超时", "SLA breached", "线索已超过时限，请立即跟进。",
          "The lead is past its deadline; please follow up now."),
      "REASSIGNED", new Wording("线索已改派", "Lead reassigned", "线索负责人已变更，请查看最新分配。",
          "The lead has a new owner; please check the current assignment."),
      "WITHDRAWN", new Wording("销售已停用，线索已重新分配", "Rep deactivated: lead rerouted",
          "该销售已停用，其未结线索已重新分配，请查看新的负责人。",
          "The rep was deactivated; their open lead was routed again. Please check its new owner."),
      "DELIVERY_FAILED", new Wording("通知发送失败", "Notification not delivered", "有通知未能送达，请检查通知渠道配置。",
          "A notification could not be delivered; please check the channel settings."));

  /** An SLA action in words. */
  record ActionWords(String zh, String en) {}

  /** The known SLA actions; another action is shown as it is. */
  static final Map<String, ActionWords> ACTIONS = Map.of(
      "REMIND", new ActionWords("提醒销售", "remind the rep"),
      "ESCALATE_MANAGER", new ActionWords("升级至经理", "escalate to the manager"),
      "ESCALATE_DIRECTOR", new ActionWords("升级至总监", "escalate to the director"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One labelled line, e.g. 截止时间 / Due. */
  private record Line(String label, String value) {}

  /** One language's part: a heading, labelled lines and a closing sentence. */
  private record Section(String heading, String separator, List<Line> lines, String closing) {}

  private final String title;
  private final String footer;
  private final String at;
  private final Section zh;
  private final Section en;
  private final String shortZh;
  private final String shortEn;

  private NotificationText(OutboxRow row, String recipientName, JsonNode payload) {
    Wording w = wording(row.kind());
    String lead = row.leadId();
    Optional<String> step = field(payload, "step");
    Optional<String> action = field(payload, "action");
    Optional<String> due = field(payload, "dueAt");
    Optional<String> name = Optional.ofNullable(recipientName).filter(s -> !s.isBlank());
    Optional<String> at = field(payload, "at");
    this.at = at.orElse("");
    this.title = "[leadrouter] " + w.zh() + " / " + w.en() + ": lead " + lead;
    this.footer = "-- leadrouter (" + row.idempotencyKey() + ")";

    List<Line> zhLines = new ArrayList<>();
    List<Line> enLines = new ArrayList<>();
    name.ifPresent(n -> {
      zhLines.add(new Line("接收人", n));
      enLines.add(new Line("For", n));
    });
    at.ifPresent(a -> {
      zhLines.add(new Line("事件时间", a));
      enLines.add(new Line("At", a));
    });
    Optional<ActionWords> actionWords = action.map(a -> ACTIONS.getOrDefault(a, new ActionWords(a, a)));
    if (step.isPresent() || action.isPresent()) {
      zhLines.add(new Line("升级步骤", join(step, actionWords.map(ActionWords::zh), "（", "）")));
      enLines.add(new Line("Step", join(step, actionWords.map(ActionWords::en), " (", ")")));
    }
    due.ifPresent(d -> {
      zhLines.add(new Line("截止时间", d));
      enLines.add(new Line("Due", d));
    });
    this.zh = new Section(w.zh() + "：线索 " + lead, "：", List.copyOf(zhLines), w.zhAsk());
    this.en = new Section(w.en() + ": lead " + lead, ": ", List.copyOf(enLines), w.enAsk());
    this.shortZh = zh.heading() + due.map(d -> "（截止时间：" + d + "）").orElse("") + "。" + w.zhAsk();
    this.shortEn = en.heading() + due.map(d -> " (due " + d + ")").orElse("") + ". " + w.enAsk();
  }

  /**
   * The text of {@code row} for the person called {@code recipientName} (blank: not named).
   *
   * @throws PermanentDeliveryException if the payload is not JSON
   */
  public static NotificationText of(OutboxRow row, String recipientName) {
    JsonNode payload;
    try {
      payload = JSON.readTree(row.payload() == null ? "{}" : row.payload());
    } catch (IOException e) {
      throw new PermanentDeliveryException("payload is not JSON: " + e.getMessage());
    }
    return new NotificationText(row, recipientName, payload == null ? JSON.createObjectNode() : payload);
  }

  /** The display name in recipient fields ({@code recipient.name}), else the id. */
  public static String recipientName(Map<String, String> fields, String recipientId) {
    String name = fields.get("recipient.name");
    return name == null || name.isBlank() ? recipientId : name;
  }

  /** E.g. {@code [leadrouter] 跟进提醒 / Follow-up reminder: lead L-1} (an e-mail subject). */
  public String title() {
    return title;
  }

  /** One line in Chinese, e.g. for SMS or voice: heading, due time, what to do. */
  public String shortZh() {
    return shortZh;
  }

  /** {@link #shortZh()} in English. */
  public String shortEn() {
    return shortEn;
  }

  /** The payload's event time ({@code at}), or "" when absent. */
  public String at() {
    return at;
  }

  /** The whole notice as plain text: Chinese, English, then a footer with the idempotency key. */
  public String plain() {
    return plain(zh) + "\n" + plain(en) + "\n" + footer + "\n";
  }

  /** {@link #plain()} as an HTML document; every value is escaped. */
  public String html() {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
        + html(zh) + "<hr>\n" + html(en)
        + "<p style=\"color:#888888\">" + escapeHtml(footer) + "</p>\n</body></html>\n";
  }

  /** {@link #plain()} as Markdown for group robots; values are backslash-escaped. */
  public String markdown() {
    return markdown(zh) + "\n" + markdown(en) + "\n" + escapeMarkdown(footer) + "\n";
  }

  private static String plain(Section s) {
    StringBuilder b = new StringBuilder(s.heading()).append('\n');
    for (Line line : s.lines()) b.append(line.label()).append(s.separator()).append(line.value()).append('\n');
    return b.append(s.closing()).append('\n').toString();
  }

  private static String html(Section s) {
    StringBuilder b = new StringBuilder("<h3>").append(escapeHtml(s.heading())).append("</h3>\n<p>");
    for (int i = 0; i < s.lines().size(); i++) {
      Line line = s.lines().get(i);
      b.append(i == 0 ? "" : "<br>\n").append(escapeHtml(line.label() + s.separator() + line.value()));
    }
    return b.append("</p>\n<p>").append(escapeHtml(s.closing())).append("</p>\n").toString();
  }

  private static String markdown(Section s) {
    StringBuilder b = new StringBuilder("#### ").append(escapeMarkdown(s.heading())).append("\n\n");
    for (Line line : s.lines()) {
      b.append("**").append(line.label()).append("**").append(s.separator()).append(escapeMarkdown(line.value()))
          .append("\n\n");
    }
    return b.append(s.closing()).append('\n').toString();
  }

  static Wording wording(String kind) {
    Wording known = KINDS.get(kind);
    if (known != null) return known;
    return new Wording("线索通知（" + kind + "）", "Lead notice (" + kind + ")", "请查看线索详情。",
        "Please look at the lead.");
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
