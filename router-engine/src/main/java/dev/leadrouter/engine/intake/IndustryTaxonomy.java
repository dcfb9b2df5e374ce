package dev.leadrouter.engine.intake;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Industry text → the canonical industry reps are tagged with (pure). A text matches when it, or
 * one of its parts separated by {@code / , ; 、 |} or spaces, is a canonical name or one of its
 * synonyms (the first part that is one decides) —
 * compared after NFKC, lower-casing and dropping spaces, punctuation and a trailing 行业/领域/产业
 * ({@code saas} → SaaS, {@code K-12} → K12教育, {@code 锂电行业} → 新能源电池). Nothing else matches: no prefix or substring guessing ({@code 工业} is not
 * 工业自动化); an unknown industry is {@link #OTHER}.
 *
 * <p>The taxonomy is configured ({@code leadrouter.intake.industries}: canonical name → synonyms);
 * {@link #DEFAULT} is the demo org chart's. The canonical names must be exactly those the org chart
 * tags reps with, since routing compares them as text.
 */
public final class IndustryTaxonomy {

  public static final String OTHER = "OTHER";

  public static final IndustryTaxonomy DEFAULT = new IndustryTaxonomy(Map.of(
      "工业自动化", List.of("自动化", "工业控制", "工控", "PLC", "DCS", "SCADA", "智能制造", "工业机器人", "机器视觉",
          "运动控制", "伺服", "变频器", "industrial automation", "factory automation"),
      "新能源电池", List.of("锂电", "锂电池", "锂离子电池", "储能", "储能电池", "动力电池", "电池",
          "battery", "batteries", "lithium battery", "energy storage"),
      "SaaS", List.of("软件即服务", "云软件", "云服务软件", "CRM软件", "CRM", "SaaS软件",
          "software as a service", "cloud software"),
      "K12教育", List.of("K12", "K-12", "中小学", "中小学教育", "课外辅导", "课外培训", "学科辅导", "教培",
          "基础教育", "k12 education")));

  private static final Pattern PARTS = Pattern.compile("[/,;、|\\s]+");
  private static final int MAX_CHARS = 200;

  private final Map<String, String> canonicalByKey;

  /**
   * The taxonomy of {@code leadrouter.intake.industries}: an object of canonical name → list of
   * synonyms. An empty object means the demo taxonomy.
   */
  public static IndustryTaxonomy fromConfig(com.typesafe.config.Config industries) {
    if (industries.root().isEmpty()) return DEFAULT;
    Map<String, List<String>> synonyms = new LinkedHashMap<>();
    for (String name : industries.root().keySet()) {
      String canonical = name.strip();
      if (canonical.isEmpty() || key(canonical).isEmpty() || OTHER.equals(canonical)) {
        throw new IllegalArgumentException("leadrouter.intake.industries: \"" + name + "\" is not an industry name");
      }
      synonyms.put(canonical, industries.getStringList(com.typesafe.config.ConfigUtil.quoteString(name)));
    }
    return new IndustryTaxonomy(synonyms);
  }

  /** @param synonyms canonical name → its synonyms (the name itself always matches) */
  public IndustryTaxonomy(Map<String, List<String>> synonyms) {
    Map<String, String> byKey = new LinkedHashMap<>();
    synonyms.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      byKey.putIfAbsent(key(e.getKey()), e.getKey());
      for (String s : e.getValue()) byKey.putIfAbsent(key(s), e.getKey());
    });
    byKey.remove("");
    this.canonicalByKey = Map.copyOf(byKey);
  }

  /** The default taxonomy's industry for the text: null when there is no text, {@link #OTHER} when unknown. */
  public static String classify(String text) {
    return DEFAULT.canonical(text);
  }

  /** The canonical industry: null when the text holds nothing (blank, only punctuation or emoji), {@link #OTHER} when unknown. */
  public String canonical(String text) {
    if (text == null) return null;
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
    if (t.length() > MAX_CHARS) t = t.substring(0, MAX_CHARS);
    String whole = key(t);
    if (whole.isEmpty()) return null;
    String found = canonicalByKey.get(whole);
    if (found != null) return found;
    for (String part : PARTS.split(t)) {
      found = canonicalByKey.get(key(part));
      if (found != null) return found;
    }
    return OTHER;
  }

  /** Lower-cased letters and digits only, without a trailing 行业, 领域 or 产业 ("锂电行业" is 锂电). */
  private static String key(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) out.appendCodePoint(cp);
    }
    String key = out.toString();
    return key.length() > 2 && (key.endsWith("行业") || key.endsWith("领域") || key.endsWith("产业"))
        ? key.substring(0, key.length() - 2) : key;
  }
}
