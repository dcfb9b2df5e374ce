package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Channel "email": one multipart/alternative message (text/plain and text/html, UTF-8, in the
 * recipient's locale, see {@link NotificationText}) over SMTP to the recipient's {@code email} in the
 * current org chart. A recipient without an address is a permanent failure. Sending blocks, so it runs on the
 * given executor (the blocking dispatcher).
 */
public final class EmailChannel implements Channel {

  public static final String NAME = "email";
  public static final String IDEMPOTENCY_HEADER = "X-Leadrouter-Idempotency-Key";

  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final NotificationSettings.Smtp settings;
  private final OrgDirectory directory;
  private final Executor executor;
  private final Session session;
  private final Clock clock;

  public EmailChannel(NotificationSettings.Smtp settings, OrgDirectory directory, Executor executor, Clock clock) {
    this.settings = settings;
    this.clock = clock;
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
    InternetAddress to;
    try {
      to = new InternetAddress(person.email(), true);
    } catch (MessagingException e) {
      throw new PermanentDeliveryException("recipient " + row.recipientId() + " has an invalid e-mail address: " + person.email());
    }
    NotificationText text = NotificationText.of(row, person.name(), person.localeOrDefault(), clock.instant());
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.from()));
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(text.title(), UTF_8);
      message.setContent(alternative(text));
      message.setSentDate(Date.from(clock.instant()));
      message.setHeader(IDEMPOTENCY_HEADER, row.idempotencyKey());
      if (settings.username().isBlank()) {
        Transport.send(message);
      } else {
        Transport.send(message, settings.username(), settings.password());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP: " + e.getMessage(), e);
    }
  }

  /** text/plain first, text/html last (the one a mail client prefers when it can show it). */
  private static MimeMultipart alternative(NotificationText text) throws MessagingException {
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(text.plain(), UTF_8, "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(text.html(), UTF_8, "html");
    return new MimeMultipart("alternative", plain, html);
  }
}
