package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Channels "wecom", "dingtalk" and "feishu": posts the notice to one group robot (see {@link
 * ChatRobot} for each platform's format). The robot posts to a group, so the message names the
 * recipient: the display name from the recipient fields, else the id; it is in the recipient's
 * locale ({@code recipient.locale}). A non-2xx answer, an answer
 * without a result code or a non-zero code is retried, except the platform's permanent codes.
 */
public final class ChatRobotChannel implements Channel {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

  private final ChatRobot robot;
  private final Function<String, Map<String, String>> recipients;
  private final Clock clock;
  private final HttpSender http;

  public ChatRobotChannel(ChatRobot robot, Duration timeout, Function<String, Map<String, String>> recipients,
      Clock clock) {
    this.robot = robot;
    this.recipients = recipients;
    this.clock = clock;
    this.http = new HttpSender(robot.name(), timeout);
  }

  @Override
  public String name() {
    return robot.name();
  }

  @Override
  public CompletionStage<Void> deliver(OutboxRow row) {
    Instant now = clock.instant();
    Map<String, String> fields = recipients.apply(row.recipientId());
    String recipient = NotificationText.recipientName(fields, row.recipientId());
    NotificationText text = NotificationText.of(row, recipient, fields.get("recipient.locale"), now);
    return http.send(robot.url(now), "POST", HEADERS, robot.body(text, now).toString())
        .thenAccept(this::check);
  }

  private void check(String answer) {
    JsonNode json;
    try {
      json = JSON.readTree(answer);
    } catch (IOException e) {
      throw new IllegalStateException(name() + " answered without JSON");
    }
    OptionalInt code = json == null ? OptionalInt.empty() : robot.answers().code(json);
    if (code.isEmpty()) throw new IllegalStateException(name() + " answered without a result code");
    if (code.getAsInt() == 0) return;
    String error = name() + " answered code " + code.getAsInt() + ": " + robot.answers().message(json);
    if (robot.answers().permanentCodes().contains(code.getAsInt())) throw new PermanentDeliveryException(error);
    throw new IllegalStateException(error);
  }
}
