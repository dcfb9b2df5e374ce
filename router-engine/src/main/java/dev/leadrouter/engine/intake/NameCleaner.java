package dev.leadrouter.engine.intake;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name field → the person's name, with the honorific, role and tags people write around it
 * (pure). Only the name is stored ({@link CleanLead#name()}); honorific, role and tags are kept in
 * the raw delivery; a future CleanLead version will carry them.
 *
 * <ul>
 *   <li>NFKC first; emoji, symbols, control and zero-width characters go, full-width spaces too;
 *   <li>tags: text after {@code /} or {@code |}, or after a dash next to Chinese
 *       ({@code 张老师/高三数学} → tag {@code 高三数学}), and text in brackets that is neither a role
 *       nor an honorific ({@code 王小明 (Xiaoming Wang)} → tag {@code Xiaoming Wang});
 *   <li>roles: in brackets ({@code 李娜（经理）}) or after a Chinese name ({@code 王总} → 王 + 总,
 *       {@code 张伟老师}); one-character roles ({@code 总 工 董 局}) only after a bare surname,
 *       compound surnames kept whole ({@code 欧阳老师} → 欧阳, {@code 司马总} → 司马);
 *   <li>honorifics: {@code 先生 女士 小姐 太太 夫人} after a Chinese name, {@code Mr. Mrs. Ms. Miss Dr.
 *       Prof.} before an English one;
 *   <li>a Chinese name loses its inner spaces ({@code 王 小明} → 王小明); a Chinese name followed by
 *       a Latin one keeps the Chinese and tags the Latin;
 *   <li>a role or honorific alone ({@code 老师}, {@code 先生}) is no name.
 * </ul>
 */
public final class NameCleaner {

  /**
   * The name (null when the field holds none), the honorific and role written with it, and any
   * tags (subject, grade, alias). Not stored yet: kept in the raw delivery; a future CleanLead
   * version will carry it.
   */
  public record ParsedName(String name, String honorific, String role, List<String> tags) {
    public static final ParsedName NONE = new ParsedName(null, null, null, List.of());

    public ParsedName {
      tags = List.copyOf(tags);
    }

    /** A title was written but no name: {@code 老师}, {@code 先生}. */
    public boolean titleOnly() {
      return name == null && (honorific != null || role != null);
    }
  }

  private static final int MAX_CHARS = 500;

  /**
   * Longest first, so 总经理 wins over 经理 and 总, 老板娘 over 老板. Roles of one character are taken
   * only after a bare surname: 王总, not 李志工.
   */
  private static final List<String> ROLES = byLength(List.of(
      "老师", "总", "总经理", "副总", "老总", "总裁", "总监", "经理", "主任", "校长", "副校长", "园长", "院长",
      "家长", "老板", "老板娘", "工", "工程师", "总工", "局", "局长", "处长", "科长", "部长", "所长", "厂长",
      "站长", "行长", "店长", "董", "董事长", "主管", "主席", "书记", "秘书", "助理", "会计", "律师", "医生",
      "教授", "博士", "顾问", "专员", "师傅", "采购", "班主任", "教练"));
  private static final List<String> HONORIFICS = byLength(List.of("先生", "女士", "小姐", "太太", "夫人"));
  private static final Map<String, String> ENGLISH_HONORIFICS = Map.of(
      "mr", "Mr.", "mrs", "Mrs.", "ms", "Ms.", "miss", "Miss", "dr", "Dr.", "prof", "Prof.", "mx", "Mx.");
  private static final Set<String> ENGLISH_ROLES = Set.of(
      "manager", "director", "ceo", "cto", "cfo", "coo", "gm", "vp", "president", "owner", "teacher",
      "principal", "engineer", "parent", "boss", "purchasing", "buyer");
  private static final Set<String> COMPOUND_SURNAMES = Set.of(
      "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
      "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人", "赫连", "澹台", "公冶",
      "太史", "申屠", "钟离", "宗政", "濮阳", "淳于", "单于", "仲孙", "叔孙", "东郭", "司空", "拓跋", "第五");
  private static final Pattern ENGLISH_HONORIFIC = Pattern.compile("^(?i)(mrs|mr|ms|miss|dr|prof|mx)(?:\\.\\s*|\\s+)(?=\\S)");
  private static final Pattern BRACKETS = Pattern.compile("[(\\[【〔《]([^()\\[\\]【】〔〕《》]*)[)\\]】〕》]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern ENDS = Pattern.compile("^[\\p{P}\\s]+|[\\p{P}\\s]+$");
  private static final Pattern TAG_BREAK = Pattern.compile("\\s*[/|\\\\]\\s*|(?<=\\p{IsHan})\\s*[-–—_]+\\s*|\\s*[-–—_]+\\s*(?=\\p{IsHan})");

  private NameCleaner() {}

  public static ParsedName parse(String raw) {
    if (raw == null || raw.isBlank()) return ParsedName.NONE;
    String text = normalize(raw);
    if (text.length() > MAX_CHARS) text = text.substring(0, MAX_CHARS);
    String honorific = null;
    String bracketRole = null;
    List<String> tags = new ArrayList<>();

    // 李娜（经理）, 王小明 (Xiaoming Wang)
    StringBuilder outside = new StringBuilder();
    Matcher bracket = BRACKETS.matcher(text);
    int last = 0;
    String bracketedName = null;
    while (bracket.find()) {
      outside.append(text, last, bracket.start()).append(' ');
      last = bracket.end();
      String inside = tidy(bracket.group(1));
      if (inside.isEmpty()) continue;
      String lower = inside.toLowerCase(Locale.ROOT);
      if (bracketRole == null && (ROLES.contains(inside) || ENGLISH_ROLES.contains(lower))) bracketRole = inside;
      else if (honorific == null && HONORIFICS.contains(inside)) honorific = inside;
      else if (bracketedName == null) bracketedName = inside;
      else tags.add(inside);
    }
    outside.append(text.substring(last));

    // 张老师/高三数学, 张老师-高三数学
    String[] parts = TAG_BREAK.split(outside.toString().strip(), -1);
    String main = tidy(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String tag = tidy(parts[i]);
      if (!tag.isEmpty()) tags.add(tag);
    }
    if (main.isEmpty() && bracketedName != null) main = bracketedName;
    else if (bracketedName != null) tags.add(0, bracketedName);

    // Mr. Wang
    Matcher english = ENGLISH_HONORIFIC.matcher(main);
    if (english.find()) {
      honorific = ENGLISH_HONORIFICS.get(english.group(1).toLowerCase(Locale.ROOT));
      main = main.substring(english.end());
    } else if (ENGLISH_HONORIFICS.containsKey(main.toLowerCase(Locale.ROOT).replace(".", ""))) {
      honorific = ENGLISH_HONORIFICS.get(main.toLowerCase(Locale.ROOT).replace(".", ""));
      main = "";
    }

    // 王小明 Xiaoming Wang → 王小明 + tag; 王 小明 → 王小明
    String[] words = main.split(" ");
    int han = 0;
    while (han < words.length && isHan(words[han])) han++;
    if (han == words.length) {
      main = String.join("", words);
    } else if (han > 0) {
      tags.add(String.join(" ", List.of(words).subList(han, words.length)));
      main = String.join("", List.of(words).subList(0, han));
    }

    // 王总, 张伟老师, 李女士, 老师
    String role = null;
    if (isHan(main)) {
      for (int round = 0; round < 2; round++) {
        String suffixRole = suffix(main, ROLES);
        String suffixHonorific = suffixRole == null ? suffix(main, HONORIFICS) : null;
        if (suffixRole != null) {
          if (role == null) role = suffixRole;
          else tags.add(suffixRole);
          main = main.substring(0, main.length() - suffixRole.length());
        } else if (suffixHonorific != null) {
          if (honorific == null) honorific = suffixHonorific;
          main = main.substring(0, main.length() - suffixHonorific.length());
        } else {
          break;
        }
      }
    }
    if (role == null) role = bracketRole;
    else if (bracketRole != null) tags.add(bracketRole);
    String name = main.isEmpty() ? null : main;
    return new ParsedName(name, honorific, role, tags);
  }

  /**
   * A name from its family and given parts: family first without a space when both are Chinese,
   * Japanese or Korean ({@code 张}, {@code 三} → {@code 张三}), else given first with a space
   * ({@code Chen}, {@code Emily} → {@code Emily Chen}). Blank parts are dropped; none → null.
   */
  public static String join(String family, String given) {
    String f = family == null || family.isBlank() ? null : family.strip();
    String g = given == null || given.isBlank() ? null : given.strip();
    if (f == null || g == null) return f != null ? f : g;
    return isCjk(f) && isCjk(g) ? f + g : g + " " + f;
  }

  /** The suffix of {@code name} from {@code list} that leaves a name: one-character ones only after a bare surname. */
  private static String suffix(String name, List<String> list) {
    for (String s : list) {
      if (!name.endsWith(s)) continue;
      String rest = name.substring(0, name.length() - s.length());
      if (rest.isEmpty()) return s;
      if (s.length() > 1 || rest.length() == 1 || COMPOUND_SURNAMES.contains(rest)) return s;
    }
    return null;
  }

  private static String normalize(String raw) {
    String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    for (int i = 0; i < nfkc.length(); ) {
      int cp = nfkc.codePointAt(i);
      i += Character.charCount(cp);
      switch (Character.getType(cp)) {
        case Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
             Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL, Character.ENCLOSING_MARK -> { }
        case Character.CONTROL, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
             Character.PARAGRAPH_SEPARATOR -> out.append(' ');
        case Character.NON_SPACING_MARK -> {
          if (!(cp >= 0xFE00 && cp <= 0xFE0F) && !(cp >= 0xE0100 && cp <= 0xE01EF)) out.appendCodePoint(cp);
        }
        default -> out.appendCodePoint(cp);
      }
    }
    return out.toString().replace('・', '·');
  }

  /** Spaces collapsed, punctuation trimmed from both ends. */
  private static String tidy(String s) {
    return ENDS.matcher(SPACES.matcher(s).replaceAll(" ")).replaceAll("").strip();
  }

  private static boolean isHan(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp != '·' && Character.UnicodeScript.of(cp) != Character.UnicodeScript.HAN) return false;
    }
    return true;
  }

  /** True when the text has letters and every letter is Han, Kana or Hangul. */
  public static boolean isCjk(String text) {
    boolean letters = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) continue;
      letters = true;
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script != Character.UnicodeScript.HAN && script != Character.UnicodeScript.HIRAGANA
          && script != Character.UnicodeScript.KATAKANA && script != Character.UnicodeScript.HANGUL) {
        return false;
      }
    }
    return letters;
  }

  private static List<String> byLength(List<String> words) {
    return words.stream().sorted((a, b) -> b.length() - a.length()).toList();
  }
}
