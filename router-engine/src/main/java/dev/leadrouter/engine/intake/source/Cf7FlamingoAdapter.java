package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flamingo inbound message (what the Flamingo plugin stores for each Contact Form 7 submission),
 * forwarded as JSON with the members of Flamingo's {@code Flamingo_Inbound_Message}: {@code id} (the
 * message's post id), {@code channel}, {@code submission_status} (or {@code status}), {@code subject},
 * {@code from}, {@code from_name}, {@code from_email}, {@code fields} (field name → value, a list for
 * checkboxes), {@code meta} (CF7's special mail tags: {@code remote_ip}, {@code user_agent},
 * {@code url}, {@code date}, {@code time}, {@code post_title}, {@code serial_number} …), {@code spam},
 * {@code timestamp} (Unix seconds) and {@code hash} (CF7's posted-data hash). One message, one lead.
 *
 * <p>Flamingo does not send anything itself and signs nothing: the URL carries the source's token
 * ({@link SourceTokens}). The lead's {@code sourceEventId} is {@code id}, else {@code hash}, else —
 * records built by CF7's own Flamingo module arrive with neither — a content hash, made the way
 * {@link Cf7Adapter#eventId} hashes a form post, over the message's fields, {@code from},
 * {@code subject}, {@code timestamp} and {@code meta} (so a forwarded record sent again is the same
 * event, and the same answers sent at another time are not).
 *
 * <p>{@code fields} are matched as {@link Cf7Adapter} matches a form post (same defaults, same
 * options); {@code from_name} and {@code from_email} (what the form's {@code flamingo_name} and
 * {@code flamingo_email} settings chose, else parsed from {@code from}) fill name and e-mail unless a
 * mapping says otherwise. {@code meta.remote_ip} is the client IP, {@code meta.url} the landing URL;
 * attributes also get {@code subject}, {@code channel}, {@code submissionStatus}, {@code spam}
 * ({@code true} only), {@code userAgent}, {@code pageTitle}, {@code serialNumber} and
 * {@code submittedAt} ({@code timestamp} as ISO-8601, else {@code meta.date} and {@code meta.time} as
 * written). Flamingo has no test messages.
 */
public final class Cf7FlamingoAdapter implements TokenAuthenticated {

  public static final String TYPE = "cf7-flamingo";
  private static final Pattern FROM = Pattern.compile("\\s*(.*?)\\s*<([^<>]+)>\\s*");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("fields"), List.of(SourceTokens.TOKEN_SECRET));
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    return FieldMap.validate(config, pointer);
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode message = SourceJson.read(delivery.body()).orElse(null);
    if (message == null) return Result.malformed("", "not JSON: expected a Flamingo inbound message {\"id\", \"fields\", …}");
    if (!message.isObject()) return Result.malformed("", "must be a JSON object (a Flamingo inbound message)");
    JsonNode fields = message.path("fields");
    if (!fields.isMissingNode() && !fields.isNull() && !fields.isObject()) return Result.malformed("/fields", "must be an object");
    JsonNode meta = message.path("meta");
    if (!meta.isMissingNode() && !meta.isNull() && !meta.isObject()) return Result.malformed("/meta", "must be an object");
    String id = first(SourceJson.text(message.get("id")), SourceJson.text(message.get("hash")));
    if (id == null) id = Cf7Adapter.eventId(content(message, fields, meta));

    String fromName = SourceJson.text(message.get("from_name"));
    String fromEmail = SourceJson.text(message.get("from_email"));
    String fromHeader = SourceJson.text(message.get("from"));
    Matcher from = FROM.matcher(fromHeader == null || fromHeader.length() > 1_000 ? "" : fromHeader);
    if (from.matches()) {
      fromName = first(fromName, from.group(1));
      fromEmail = first(fromEmail, from.group(2));
    }
    List<Answer> found = new ArrayList<>();
    found.add(new Answer(List.of(), null, fromName, "name"));
    found.add(new Answer(List.of(), null, fromEmail, "email"));
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      found.add(Cf7Adapter.answer(e.getKey(), text(e.getValue())));
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(id)
        .clientIp(SourceJson.text(meta.get("remote_ip")))
        .attribute("subject", SourceJson.text(message.get("subject")))
        .attribute("channel", SourceJson.text(message.get("channel")))
        .attribute("submissionStatus", first(SourceJson.text(message.get("submission_status")),
            SourceJson.text(message.get("status"))))
        .attribute("spam", SourceJson.isTrue(message.get("spam")) ? "true" : null)
        .attribute("userAgent", SourceJson.text(meta.get("user_agent")))
        .attribute("pageTitle", SourceJson.text(meta.get("post_title")))
        .attribute("serialNumber", SourceJson.text(meta.get("serial_number")))
        .attribute("submittedAt", submittedAt(message.get("timestamp"), meta));
    FormAnswers.apply(lead, FieldMap.of(config), found);
    lead.landingUrl(SourceJson.text(meta.get("url")));
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  /**
   * What identifies a record without id or hash: its fields by name, and {@code from}, {@code
   * from_name}, {@code from_email}, {@code subject}, {@code channel}, {@code timestamp} and each
   * {@code meta} tag under names starting with {@code _} (no form field of CF7 is named so).
   */
  private static Map<String, List<String>> content(JsonNode message, JsonNode fields, JsonNode meta) {
    Map<String, List<String>> content = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : fields.properties()) content.put(e.getKey(), values(e.getValue()));
    for (String member : List.of("from", "from_name", "from_email", "subject", "channel", "timestamp")) {
      String v = SourceJson.text(message.get(member));
      if (v != null) content.put("_" + member, List.of(v));
    }
    for (Map.Entry<String, JsonNode> e : meta.properties()) content.put("_meta." + e.getKey(), values(e.getValue()));
    return content;
  }

  private static List<String> values(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode item : v) out.add(item.isContainerNode() ? item.toString() : String.valueOf(SourceJson.text(item)));
    } else {
      out.add(v.isContainerNode() ? v.toString() : String.valueOf(SourceJson.text(v)));
    }
    return out;
  }

  private static String text(JsonNode v) {
    if (!v.isArray()) return SourceJson.text(v);
    List<String> parts = new ArrayList<>();
    for (JsonNode item : v) parts.add(SourceJson.text(item));
    return FormAnswers.values(parts);
  }

  /** {@code timestamp} (Unix seconds, a number or digits) as ISO-8601, else the meta's date and time. */
  private static String submittedAt(JsonNode timestamp, JsonNode meta) {
    String seconds = SourceJson.text(timestamp);
    if (seconds != null && seconds.strip().matches("\\d{1,11}")) {
      long s = Long.parseLong(seconds.strip());
      if (s > 0 && s < 253_402_300_800L) return Instant.ofEpochSecond(s).toString();
    }
    String date = SourceJson.text(meta.get("date"));
    String time = SourceJson.text(meta.get("time"));
    return String.join(" ", Arrays.asList(date, time).stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList());
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v.strip();
    return null;
  }
}
