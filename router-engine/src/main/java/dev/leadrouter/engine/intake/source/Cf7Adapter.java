package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Contact Form 7 submissions posted on as the form sent them ({@code multipart/form-data} or
 * urlencoded): the form's fields ({@code your-name}, {@code your-email}, {@code your-tel},
 * {@code your-message} … as the form's tags name them) and CF7's hidden ones ({@code _wpcf7} form id,
 * {@code _wpcf7_version}, {@code _wpcf7_locale}, {@code _wpcf7_unit_tag},
 * {@code _wpcf7_container_post}). One post, one lead.
 *
 * <p>CF7 neither signs nor numbers submissions: the URL carries the source's token
 * ({@link SourceTokens}), and the lead's {@code sourceEventId} is {@code sha256:<hex>} of the posted
 * fields sorted by name (each value in order; {@code token} and reCAPTCHA responses left out), so a
 * retried post is the same event — and so is the same person sending the very same answers twice.
 *
 * <p>Fields are matched ({@link FormAnswers}) by name ({@code interest[]} also as {@code interest}); the
 * defaults are the common names ({@code your-name} → name, {@code your-email} → e-mail,
 * {@code your-tel}/{@code your-phone} → phone, {@code your-message} → notes, {@code utm_source} …),
 * overridden by options:
 *
 * <pre>{"fields": {"phone": "tel-518", "company": "text-company", "region": ["menu-province", "menu-city"]}}</pre>
 *
 * Unmapped fields are kept as attributes by name (several values joined with commas); CF7's hidden
 * fields as {@code cf7FormId}, {@code cf7UnitTag}, {@code cf7ContainerPost} and {@code locale}; other
 * fields starting with {@code _} are dropped. CF7 has no test submissions.
 */
public final class Cf7Adapter implements TokenAuthenticated {

  public static final String TYPE = "cf7";
  /** Left out of the event id: they differ between two sends of the same answers. */
  private static final Set<String> NOT_HASHED = Set.of(SourceTokens.TOKEN_PARAMETER, "g-recaptcha-response", "_wpcf7_recaptcha_response");

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
    if (!FormAnswers.isForm(delivery)) return Result.malformed("", "must be a form post (multipart/form-data or urlencoded)");
    if (delivery.form().isEmpty()) return Result.malformed("", "the form post has no fields");
    List<Answer> found = new ArrayList<>();
    delivery.form().forEach((name, values) -> {
      if (name == null || name.startsWith("_") || NOT_HASHED.contains(name)) return;
      found.add(answer(name, FormAnswers.values(values)));
    });
    LeadBuilder lead = LeadBuilder.of(config).eventId(eventId(delivery.form()))
        .attribute("cf7FormId", delivery.formValue("_wpcf7").orElse(null))
        .attribute("cf7UnitTag", delivery.formValue("_wpcf7_unit_tag").orElse(null))
        .attribute("cf7ContainerPost", delivery.formValue("_wpcf7_container_post").orElse(null))
        .attribute("locale", delivery.formValue("_wpcf7_locale").orElse(null));
    FormAnswers.apply(lead, FieldMap.of(config), found);
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  /** A CF7 field as an answer: matched by its name, and without a checkbox's {@code []} too. */
  static Answer answer(String name, String value) {
    String base = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
    return new Answer(List.of(name, base), FormAnswers.label(base, name), value, null);
  }

  /**
   * {@code sha256:} and the hex SHA-256 of every field but {@link #NOT_HASHED}, sorted by name, each
   * value as {@code <length>:<name>=<length>:<value>\n} (lengths in UTF-16 units, so no two posts
   * encode alike).
   */
  static String eventId(Map<String, List<String>> form) {
    Map<String, List<String>> sorted = new TreeMap<>();
    form.forEach((name, values) -> {
      if (name != null && !NOT_HASHED.contains(name) && values != null) sorted.put(name, values);
    });
    StringBuilder canonical = new StringBuilder();
    sorted.forEach((name, values) -> {
      for (String v : values) {
        String value = v == null ? "" : v;
        canonical.append(name.length()).append(':').append(name).append('=')
            .append(value.length()).append(':').append(value).append('\n');
      }
    });
    return "sha256:" + Signatures.hex(Signatures.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
