package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jotform webhooks: a {@code multipart/form-data} POST whose field {@code rawRequest} holds the
 * answers as a JSON object ({@code "q3_name": {"first": …, "last": …}}, {@code "q4_email": …},
 * {@code "q5_phoneNumber": {"full": …}} or {@code {"area": …, "phone": …}}) beside {@code formID},
 * {@code submissionID}, {@code formTitle}, {@code ip} and {@code pretty}. One submission, one lead.
 *
 * <p>Jotform does not sign webhooks: the URL carries the source's token ({@link SourceTokens}). The
 * lead's {@code sourceEventId} is {@code submissionID}; {@code ip} is the client IP.
 *
 * <p>FormAnswers are the {@code rawRequest} members named {@code q<n>_<uniqueName>}; they are matched
 * ({@link FormAnswers}) by the whole key ({@code q3_name}) or the unique name ({@code name}). A name object
 * is the name (its parts joined as {@link FormAnswers#join} says), a phone object the phone; e-mail and the
 * rest by the common names ({@code email}, {@code company}, {@code utm_source} …) or by options:
 *
 * <pre>{"fields": {"company": "q6_companyName", "region": ["province", "city"]}}</pre>
 *
 * Unmapped answers are kept as attributes under their unique name (objects as their parts joined with
 * spaces, lists with commas); also {@code formId} and {@code formTitle}. A submission made in the form
 * builder's preview ({@code "preview": "true"} in {@code rawRequest}) is a test.
 */
public final class JotformAdapter implements TokenAuthenticated {

  public static final String TYPE = "jotform";
  private static final Pattern ANSWER = Pattern.compile("q\\d+_(.+)");

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
    if (!FormAnswers.isForm(delivery)) return Result.malformed("", "must be a form post (Jotform sends multipart/form-data)");
    String raw = delivery.formValue("rawRequest").orElse("");
    if (raw.isBlank()) return Result.malformed("rawRequest", "missing: Jotform sends the answers in this field");
    JsonNode answers = SourceJson.read(raw.getBytes(StandardCharsets.UTF_8)).orElse(null);
    if (answers == null) return Result.malformed("rawRequest", "not JSON: Jotform sends the answers as a JSON object");
    if (!answers.isObject()) return Result.malformed("rawRequest", "must be a JSON object");
    String submission = delivery.formValue("submissionID").map(String::strip).orElse("");
    if (submission.isEmpty()) return Result.malformed("submissionID", "missing: the submission's id");
    List<Answer> found = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : answers.properties()) {
      Matcher m = ANSWER.matcher(e.getKey());
      if (!m.matches()) continue;
      String unique = m.group(1);
      JsonNode v = e.getValue();
      String typeField = null;
      String text;
      if (v.isObject() && (v.has("first") || v.has("last"))) {
        typeField = "name";
        text = FormAnswers.join("name", List.of(part(v, "first"), part(v, "middle"), part(v, "last")));
      } else if (v.isObject() && v.has("full")) {
        typeField = "phone";
        text = SourceJson.text(v.get("full"));
      } else if (v.isObject() && v.has("phone")) {
        typeField = "phone";
        text = FormAnswers.join("phone", List.of(part(v, "area"), part(v, "phone")));
      } else if (v.isObject() && v.has("year") && v.has("month") && v.has("day")) {
        text = date(v);
      } else {
        text = flat(v);
      }
      found.add(new Answer(List.of(e.getKey(), unique), FormAnswers.label(unique, e.getKey()), text, typeField));
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(submission)
        .clientIp(delivery.formValue("ip").orElse(null))
        .attribute("formId", delivery.formValue("formID").orElse(null))
        .attribute("formTitle", delivery.formValue("formTitle").orElse(null));
    FormAnswers.apply(lead, FieldMap.of(config), found);
    boolean test = SourceJson.isTrue(answers.get("preview"));
    return Result.of(List.of(new SourceLead(lead.build(), test)));
  }

  private static String part(JsonNode object, String name) {
    String text = SourceJson.text(object.get(name));
    return text == null ? "" : text;
  }

  private static String date(JsonNode v) {
    String y = part(v, "year").strip();
    String m = part(v, "month").strip();
    String d = part(v, "day").strip();
    return y.isEmpty() || m.isEmpty() || d.isEmpty() ? null : y + "-" + m + "-" + d;
  }

  /** A scalar as text, a list's scalars joined with commas, an object's scalars with spaces. */
  private static String flat(JsonNode v) {
    if (v.isValueNode()) return SourceJson.text(v);
    List<String> parts = new ArrayList<>();
    for (JsonNode item : v) parts.add(SourceJson.text(item));
    if (v.isArray()) return FormAnswers.values(parts);
    String joined = String.join(" ", parts.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList());
    return joined.isEmpty() ? null : joined;
  }
}
