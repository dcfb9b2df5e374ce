package dev.leadrouter.engine.org;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The locales notification texts and lists are written in (pure): {@code zh-CN} (the default) and
 * {@code en}. A person's {@code locale} in the org chart is a BCP-47 tag mapped to one of them:
 * {@code zh}, {@code zh-CN}, {@code zh-Hans}, {@code zh-Hans-CN} → {@code zh-CN}; {@code en} with
 * any region ({@code en-US}, {@code en-GB}, …) → {@code en}; anything else is not supported.
 */
public final class Locales {

  public static final String ZH_CN = "zh-CN";
  public static final String EN = "en";
  public static final String DEFAULT = ZH_CN;
  public static final List<String> SUPPORTED = List.of(ZH_CN, EN);

  private Locales() {}

  /** The supported locale {@code tag} stands for; empty when it is null, not BCP-47 or not supported. */
  public static Optional<String> supported(String tag) {
    if (tag == null || tag.isBlank()) return Optional.empty();
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(tag.strip()).build();
    } catch (IllformedLocaleException e) {
      return Optional.empty();
    }
    String script = locale.getScript();
    String region = locale.getCountry();
    if (locale.getLanguage().equals("en") && (script.isEmpty() || script.equals("Latn"))) return Optional.of(EN);
    if (locale.getLanguage().equals("zh") && (script.isEmpty() || script.equals("Hans"))
        && (region.isEmpty() || region.equals("CN"))) {
      return Optional.of(ZH_CN);
    }
    return Optional.empty();
  }

  /** True for the English locale (after {@link #supported}); everything else reads Chinese. */
  public static boolean isEnglish(String locale) {
    return supported(locale).map(EN::equals).orElse(false);
  }
}
