package dev.leadrouter.persistence.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Channel "email": one plain-text message (Chinese, then English) over SMTP to the recipient's
 * {@code email} in the current org chart. A recipient without an address is a permanent failure.
 * Sending blocks, so it runs on the given executor (the blocking dispatcher).
 */
public final class EmailChannel implements Channel {

  public static final String NAME = "email";
  public static final String IDEMPOTENCY_HEADER = "X-Leadrouter-Idempotency-Key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NotificationSettings.Smtp settings;
  private final OrgDirectory directory;
  private final Executor executor;
  private final Session session;

  public EmailChannel(NotificationSettings.Smtp settings, OrgDirectory directory, Executor executor) {
    this.settings = settings;
    this.directory = directory;
    this.executor = executor;
    Properties props = new Properties();
    String timeout = Long.toString(settings.timeout().toMillis());
    props.put("mail.transport.protocol", "smtp");
    props.put("mail.smtp.host", settings.host());
    props.put("mail.smtp.port", Integer.toString(settings.port()));
    props.put("mail.smtp.connectiontimeout", timeout);
    props.put("mail.smtp.timeout", timeout);
    props.put("mail.smtp.writetimeout", timeout);
    props.put("mail.smtp.auth", Boolean.toString(!settings.username().isBlank()));
    if (settings.starttls()) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    this.session = Session.getInstance(props);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> deliver(OutboxRow row) {
    return CompletableFuture.runAsync(() -> send(row), executor);
  }

  private void send(OutboxRow row) {
    OrgChart.Person person = directory.current().person(row.recipientId())
        .orElseThrow(() -> new PermanentDeliveryException("recipient " + row.recipientId() + " is not in the org chart"));
    if (person.email() == null || person.email().isBlank()) {
      throw new PermanentDeliveryException("recipient " + row.recipientId() + " has no e-mail address");
    }
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.from()));
      InternetAddress to;
      try {
        to = new InternetAddress(person.email(), true);
      } catch (MessagingException e) {
        throw new PermanentDeliveryException("recipient " + row.recipientId() + " has an invalid e-mail address: " + person.email());
      }
      message.setRecipient(Message.RecipientType.TO, to);
      JsonNode payload = JSON.readTree(row.payload());
      message.setSubject(subject(row, payload), StandardCharsets.UTF_8.name());
      message.setText(body(row, payload), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      message.setHeader(IDEMPOTENCY_HEADER, row.idempotencyKey());
      if (settings.username().isBlank()) {
        Transport.send(message);
      } else {
        Transport.send(message, settings.username(), settings.password());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PermanentDeliveryException("payload is not JSON: " + e.getMessage());
    }
  }

  /** E.g. {@code [leadrouter] 跟进提醒 / Follow-up reminder: lead L-1}. */
  static String subject(OutboxRow row, JsonNode payload) {
    return "[leadrouter] " + zh(row.kind()) + " / " + en(row.kind()) + ": lead " + row.leadId();
  }

  static String body(OutboxRow row, JsonNode payload) {
    String step = text(payload, "step");
    String action = text(payload, "action");
    String due = text(payload, "dueAt");
    String at = text(payload, "at");
    return """
        %s：线索 %s
        事件时间：%s
        升级步骤：%s（%s）
        截止时间：%s
        请尽快跟进。

        %s: lead %s
        At: %s
        Step: %s (%s)
        Due: %s
        Please follow up.

        -- leadrouter (%s)
        """.formatted(zh(row.kind()), row.leadId(), at, step, action, due,
        en(row.kind()), row.leadId(), at, step, action, due, row.idempotencyKey());
  }

  private static String text(JsonNode payload, String field) {
    JsonNode node = payload.get(field);
    return node == null || node.isNull() ? "-" : node.asText();
  }

  private static String zh(String kind) {
    return switch (kind) {
      case "REMINDER" -> "跟进提醒";
      case "ESCALATION" -> "线索升级";
      case "ESCALATION_COPY" -> "线索升级（抄送）";
      case "FALLBACK" -> "线索无人可分配";
      default -> "线索通知（" + kind + "）";
    };
  }

  private static String en(String kind) {
    return switch (kind) {
      case "REMINDER" -> "Follow-up reminder";
      case "ESCALATION" -> "Lead escalated";
      case "ESCALATION_COPY" -> "Lead escalated (copy)";
      case "FALLBACK" -> "Lead could not be routed";
      default -> "Lead notice (" + kind + ")";
    };
  }
}
