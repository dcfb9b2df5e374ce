package dev.leadrouter.engine.intake;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Industry text → the canonical industry reps are tagged with (pure). Texts are compared after NFKC
 * and lower-casing, without spaces and punctuation; the first step that finds one decides:
 *
 * <ol>
 *   <li><b>exact</b>: the whole text is a canonical name or a synonym, also without a trailing
 *       行业/领域/产业 ({@code saas} → SaaS, {@code K-12} → K12教育, {@code 锂电行业} → 新能源电池);
 *   <li><b>without qualifiers</b>: the text without its bracketed parts is one
 *       ({@code 储能电池（工商业）} → 新能源电池, {@code CRM软件（SaaS）} → SaaS);
 *   <li><b>a listed part</b>: a part separated by {@code / , ; 、 | +} or spaces is one, the first such
 *       part deciding ({@code 新能源电池/储能}); bracket contents come after the text's own parts
 *       ({@code 在线教育（高中）} → K12教育);
 *   <li><b>containment</b>: the text contains a name or synonym ({@code 电池PACK线} → 新能源电池,
 *       {@code 工业机器人集成} → 工业自动化, {@code K12辅导} → K12教育): the longest one wins, ties
 *       go to the canonical name first in Unicode order (the taxonomy's order: configuration objects
 *       keep none); the text outside brackets first, then the bracket contents. A synonym with Latin
 *       letters or digits at an end matches only as a whole word there ({@code PLC控制} but not
 *       {@code PLCs}); a synonym configured as {@code "=高中"} takes part in steps 1-3 only, never
 *       in containment (高中 is inside 高中低压配电柜).
 * </ol>
 * Nothing matched: {@link #OTHER}. A shared prefix is no match ({@code 工业} is not 工业自动化).
 *
 * <p>The taxonomy is configured ({@code leadrouter.intake.industries}: canonical name → synonyms);
 * {@link #DEFAULT}, the demo org chart's, is the resource {@code industries.conf} next to this
 * class. The canonical names must be exactly those the org chart tags reps with, since routing
 * compares them as text.
 */
public final class IndustryTaxonomy {

  public static final String OTHER = "OTHER";

  /** The demo taxonomy, from the resource {@code dev/leadrouter/engine/intake/industries.conf}. */
  public static final IndustryTaxonomy DEFAULT = read(ConfigFactory.parseResources(IndustryTaxonomy.class,
      "industries.conf", ConfigParseOptions.defaults().setAllowMissing(false)));

  /** A synonym that takes part in exact matching only, never in containment. */
  private static final String EXACT_ONLY = "=";
  private static final Pattern PARTS = Pattern.compile("[/,;、|+\\s]+");
  private static final Pattern BRACKETED = Pattern.compile("[(\\[【〔《{]([^()\\[\\]【】〔〕《》{}]*)[)\\]】〕》}]");
  private static final int MAX_CHARS = 200;

  /** A name or synonym as containment looks for it, with the industry it names. */
  private record Term(String form, String canonical) {}

  private final Map<String, String> canonicalByKey;
  /** Longest first, then by canonical name. */
  private final List<Term> terms;

  /**
   * The taxonomy of {@code leadrouter.intake.industries}: an object of canonical name → list of
   * synonyms. An empty object means the demo taxonomy.
   */
  public static IndustryTaxonomy fromConfig(Config industries) {
    return industries.root().isEmpty() ? DEFAULT : read(industries);
  }

  private static IndustryTaxonomy read(Config industries) {
    if (industries.root().isEmpty()) throw new IllegalStateException("industries.conf: no industries");
    Map<String, List<String>> synonyms = new LinkedHashMap<>();
    for (String name : industries.root().keySet()) {
      String canonical = name.strip();
      if (canonical.isEmpty() || key(canonical).isEmpty() || OTHER.equals(canonical)) {
        throw new IllegalArgumentException("leadrouter.intake.industries: \"" + name + "\" is not an industry name");
      }
      synonyms.put(canonical, industries.getStringList(ConfigUtil.quoteString(name)));
    }
    return new IndustryTaxonomy(synonyms);
  }

  /**
   * @param synonyms canonical name → its synonyms (the name itself always matches); a synonym
   *     written {@code "=…"} matches only as a whole text or part, never inside a longer text
   */
  public IndustryTaxonomy(Map<String, List<String>> synonyms) {
    Map<String, String> byKey = new LinkedHashMap<>();
    Map<String, String> byForm = new LinkedHashMap<>();
    new TreeMap<>(synonyms).forEach((canonical, list) -> {
      byKey.putIfAbsent(key(canonical), canonical);
      byForm.putIfAbsent(form(canonical), canonical);
      for (String s : list) {
        boolean exactOnly = s.startsWith(EXACT_ONLY);
        String synonym = exactOnly ? s.substring(EXACT_ONLY.length()) : s;
        byKey.putIfAbsent(key(synonym), canonical);
        if (!exactOnly) byForm.putIfAbsent(form(synonym), canonical);
      }
    });
    byKey.remove("");
    byForm.remove("");
    this.canonicalByKey = Map.copyOf(byKey);
    List<Term> list = new ArrayList<>();
    byForm.forEach((form, canonical) -> list.add(new Term(form, canonical)));
    list.sort(Comparator.comparingInt((Term t) -> -t.form().length()).thenComparing(Term::canonical));
    this.terms = List.copyOf(list);
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

    StringBuilder outside = new StringBuilder();
    StringBuilder inside = new StringBuilder();
    Matcher bracket = BRACKETED.matcher(t);
    while (bracket.find()) {
      bracket.appendReplacement(outside, " ");
      inside.append(' ').append(bracket.group(1));
    }
    bracket.appendTail(outside);
    found = canonicalByKey.get(key(outside.toString()));
    if (found != null) return found;
    for (String part : PARTS.split(outside + " " + inside)) {
      found = canonicalByKey.get(key(part));
      if (found != null) return found;
    }
    found = contained(form(outside.toString()));
    if (found == null) found = contained(form(inside.toString()));
    return found != null ? found : OTHER;
  }

  /** The industry of the longest term the text contains, whole words for Latin ends. */
  private String contained(String text) {
    if (text.isEmpty()) return null;
    for (Term term : terms) {
      String form = term.form();
      for (int at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
        boolean startOk = !latin(form.charAt(0)) || at == 0 || !latin(text.charAt(at - 1));
        int end = at + form.length();
        boolean endOk = !latin(form.charAt(form.length() - 1)) || end == text.length() || !latin(text.charAt(end));
        if (startOk && endOk) return term.canonical();
      }
    }
    return null;
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

  /**
   * Lower-cased letters and digits, a single space kept only between two Latin letters or digits
   * ({@code "Energy-Storage 系统"} → {@code "energy storage系统"}), so that words stay words.
   */
  private static String form(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(t.length());
    boolean gap = false;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetterOrDigit(cp)) {
        gap = true;
        continue;
      }
      if (gap && out.length() > 0 && latin(out.charAt(out.length() - 1)) && cp < 0x80 && latin((char) cp)) out.append(' ');
      out.appendCodePoint(cp);
      gap = false;
    }
    return out.toString();
  }

  private static boolean latin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
