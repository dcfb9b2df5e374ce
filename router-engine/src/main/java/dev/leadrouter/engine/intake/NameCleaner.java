package dev.leadrouter.engine.intake;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.leadrouter.engine.intake.NameWords.CHINESE_KIN;
import static dev.leadrouter.engine.intake.NameWords.COMPOUND_SURNAMES;
import static dev.leadrouter.engine.intake.NameWords.DEPARTMENTS;
import static dev.leadrouter.engine.intake.NameWords.ENGLISH_HONORIFICS;
import static dev.leadrouter.engine.intake.NameWords.ENGLISH_TITLE_HEADS;
import static dev.leadrouter.engine.intake.NameWords.ENGLISH_TITLE_WORDS;
import static dev.leadrouter.engine.intake.NameWords.HONORIFICS;
import static dev.leadrouter.engine.intake.NameWords.KIN_HONORIFICS;
import static dev.leadrouter.engine.intake.NameWords.NOT_ADDRESSED;
import static dev.leadrouter.engine.intake.NameWords.NO_STUDENT;
import static dev.leadrouter.engine.intake.NameWords.ROLES;
import static dev.leadrouter.engine.intake.NameWords.TITLE_ENDINGS;
import static dev.leadrouter.engine.intake.NameWords.UNSEPARATED_TITLE_HEADS;

/**
 * A name field → the person's name, with the honorific, role, alias, student and tags people write
 * around it (pure).
 *
 * <ul>
 *   <li>NFKC first; emoji, symbols, control and zero-width characters go, full-width spaces too;
 *   <li><b>role</b>: after a Chinese name ({@code 王总} → 王 + 总, {@code 张伟老师}, {@code 刘芳市场经理}
 *       → 刘芳 + 市场经理); one-character roles ({@code 总 工 董 局}) only after a bare surname,
 *       compound surnames kept whole ({@code 欧阳老师} → 欧阳); a job title in brackets
 *       ({@code 刘芳（市场经理）}, {@code Li Na (Purchasing Manager)}), after a separator
 *       ({@code 刘芳/市场经理}, {@code Li Na - Purchasing Manager}, {@code Li Na, CEO}), after a space
 *       ({@code 刘芳 市场经理}, {@code John Smith Sales Manager}). One role per name: the title the person
 *       is addressed by ({@code 王总（采购）} → role 总) comes first, then brackets, then separators;
 *       a further title is kept as a tag (采购), so that the salutation stays {@code 王总};
 *   <li><b>parent</b>: {@code X家长}, {@code X妈妈}, {@code X爸爸}, {@code X的家长}, {@code X妈},
 *       {@code X同学家长}, {@code 奶奶} …, {@code Parent of X}, {@code X's mom}: the contact is the
 *       parent — role {@value #PARENT}, honorific 妈妈/爸爸/奶奶 … (Mother/Father), name null unless
 *       one is given ({@code 李娜（王小明妈妈）} → 李娜) — and X is the {@code student}. A bare surname
 *       ({@code 王妈妈}) is the parent's own name, not a student; {@code 宝妈}, {@code 孩子家长} name no one;
 *       {@code 王小明（家长）} is 王小明 with role 家长 (the bracket says what the named person is);
 *   <li><b>alias</b>: a Latin-script name written with a Chinese one ({@code 王磊 Wang Lei},
 *       {@code 王磊(Wang Lei)}, {@code Wang Lei 王磊}, {@code 王磊/Wang Lei}): the Chinese one is the
 *       name; a lone Han character after a Latin name stays part of it ({@code Tony 王});
 *   <li><b>honorific</b>: {@code 先生 女士 小姐 太太 夫人} after a Chinese name, {@code Mr. Mrs. Ms. Miss
 *       Dr. Prof. Mx. Sir Madam Herr Frau Mme …} before a Latin one; {@link #honorific(String)} reads
 *       a salutation field on its own;
 *   <li><b>tags</b>: the rest — text after {@code / | \} or a dash, brackets that are no role, name
 *       or honorific ({@code 张老师/高三数学} → tag 高三数学);
 *   <li>a Chinese name loses its inner spaces ({@code 王 小明} → 王小明); a role, honorific or parent
 *       word alone ({@code 老师}, {@code 先生}, {@code 宝妈}) is no name ({@link ParsedName#titleOnly()}).
 * </ul>
 */
public final class NameCleaner {

  // Compiled once: cleaning runs for every delivery (String.matches/split/replaceAll with a
  // regex compile the pattern on each call, visible in the CPU profile under load).
  private static final Pattern LETTERS_WRITTEN = Pattern.compile("[\\p{L}][\\p{L}. ]*");
  private static final Pattern MIXED_TITLE = Pattern.compile("[A-Za-z]{1,5}\\s*\\p{IsHan}+");
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
  private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[.()]+|[.()]+$");

  /** The role of a contact who is a student's parent (or grandparent). */
  public static final String PARENT = "家长";

  /**
   * The name (null when the field holds none), the honorific and role written with it, any tags
   * (subject, grade, further titles), the Latin-script alias written beside a Chinese name, and the
   * student whose parent the contact is.
   */
  public record ParsedName(String name, String honorific, String role, List<String> tags, String alias,
      String student) {
    public static final ParsedName NONE = new ParsedName(null, null, null, List.of(), null, null);

    public ParsedName {
      tags = List.copyOf(tags);
    }

    /** A title was written but no name and no student: {@code 老师}, {@code 先生}, {@code 宝妈}. */
    public boolean titleOnly() {
      return name == null && student == null && (honorific != null || role != null);
    }

    /** How a rep addresses the person ({@link NameCleaner#salutation}). */
    public String salutation() {
      return NameCleaner.salutation(name, honorific, role, student);
    }
  }

  private static final int MAX_CHARS = 500;

  /** 王小明妈妈 → 王小明 + 妈妈; the kin word is normalized ({@code 妈} → 妈妈) or null for a parent in general. */
  private static final Pattern CHINESE_PARENT = Pattern.compile(
      "^(.*?)\\s*(?:同学|学生|小朋友)?\\s*的?\\s*(家长|爸妈|父母|妈妈|妈咪|母亲|爸爸|爹地|父亲|爷爷|奶奶|外公|外婆|姥姥|姥爷|妈|爸)$");
  private static final Pattern ENGLISH_PARENT_OF = Pattern.compile(
      "^(?i)(?:the\\s+)?(parent|mother|mom|mum|father|dad|guardian)\\s+of\\s+(.+)$");
  private static final Pattern ENGLISH_PARENT_POSSESSIVE = Pattern.compile(
      "^(.+?)['’]s?\\s+(?i)(parent|parents|mother|mom|mommy|mum|father|dad|daddy|guardian)$");
  private static final Pattern ENGLISH_HONORIFIC = Pattern.compile(
      "^(?i)(mrs|mr|ms|miss|dr|prof|mx|sir|madam|madame|mme|mlle|herr|frau|rev)(?:\\.\\s*|\\s+)(?=\\S)");
  private static final Pattern LATIN_NAME = Pattern.compile("[\\p{IsLatin}][\\p{IsLatin}.'’\\- ]*");
  private static final Pattern BRACKETS = Pattern.compile("[(\\[【〔《{]([^()\\[\\]【】〔〕《》{}]*)[)\\]】〕》}]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern ENDS = Pattern.compile("^[\\p{P}\\s]+|[\\p{P}\\s]+$");
  private static final Pattern TAG_BREAK = Pattern.compile(
      "\\s*[/|\\\\]\\s*|(?<=\\p{IsHan})\\s*[-–—_]+\\s*|\\s*[-–—_]+\\s*(?=\\p{IsHan})|\\s+[-–—]+\\s+");

  private NameCleaner() {}

  public static ParsedName parse(String raw) {
    if (raw == null || raw.isBlank()) return ParsedName.NONE;
    String text = normalize(raw);
    if (text.length() > MAX_CHARS) text = text.substring(0, MAX_CHARS);
    Parse p = new Parse();

    // 李娜（经理）, 王磊 (Wang Lei), 李娜（王小明妈妈）
    StringBuilder outside = new StringBuilder();
    Matcher bracket = BRACKETS.matcher(text);
    List<String> bracketed = new ArrayList<>();
    while (bracket.find()) {
      bracket.appendReplacement(outside, " ");
      String inside = tidy(bracket.group(1));
      if (!inside.isEmpty()) bracketed.add(inside);
    }
    bracket.appendTail(outside);

    // 张老师/高三数学, Li Na - Purchasing Manager, Li Na, CEO
    String[] parts = TAG_BREAK.split(outside.toString().strip(), -1);
    String main = tidy(parts[0]);
    List<String> after = new ArrayList<>();
    int comma = main.indexOf(',');
    if (comma > 0 && (title(tidy(main.substring(comma + 1))) || isParent(tidy(main.substring(comma + 1))))) {
      after.add(tidy(main.substring(comma + 1)));
      main = tidy(main.substring(0, comma));
    }
    for (int i = 1; i < parts.length; i++) {
      String part = tidy(parts[i]);
      if (!part.isEmpty()) after.add(part);
    }

    p.main(main);
    for (String inside : bracketed) p.bracketed(inside);
    for (String part : after) p.separated(part);
    return p.result();
  }

  /**
   * A salutation on its own (a form's or CRM's {@code salutation} field) as an honorific:
   * {@code Dr} / {@code dr.} → {@code Dr.}, {@code MR} → {@code Mr.}, {@code 女士} → 女士; another short
   * title as written ({@code 老师}, {@code Rev. Canon}); null when blank or no title.
   */
  public static String honorific(String value) {
    if (value == null || value.isBlank()) return null;
    String t = tidy(normalize(value));
    if (t.isEmpty()) return null;
    String english = ENGLISH_HONORIFICS.get(t.toLowerCase(Locale.ROOT).replace(".", ""));
    if (english != null) return english;
    if (HONORIFICS.contains(t) || ROLES.contains(t) || KIN_HONORIFICS.contains(t)) return t;
    String written = SPACES.matcher(normalize(value).strip()).replaceAll(" ");
    return written.length() <= 20 && LETTERS_WRITTEN.matcher(written).matches() ? written : null;
  }

  /**
   * How a rep addresses the person: a parent by the student ({@code 王小明妈妈}, {@code 王小明家长},
   * {@code Tom's mother}); else the name with the honorific, or the role a person is addressed by
   * ({@code 李女士}, {@code 张老师}, {@code 刘芳经理} for 市场经理, {@code Dr. Li Wei}, {@code Li Na} — no
   * English job title, no 家长); the name alone when there is neither; null without name or student.
   */
  public static String salutation(String name, String honorific, String role, String student) {
    if (student != null) {
      String kin = honorific != null && KIN_HONORIFICS.contains(honorific) ? honorific : null;
      if (isCjk(student) || (kin != null && isCjk(kin))) return student + (kin != null ? kin : PARENT);
      return student + "'s " + (kin != null ? kin.toLowerCase(Locale.ROOT) : "parent");
    }
    if (name == null) return null;
    String title = honorific != null ? honorific : addressedBy(role);
    if (title == null) return name;
    return isCjk(name) ? name + title : title + " " + name;
  }

  /** The role a person is addressed by: 经理 of 市场经理, 老师; none for an English title or 家长. */
  private static String addressedBy(String role) {
    if (role == null || !isCjk(role)) return null;
    String head = ROLES.stream().filter(role::endsWith).findFirst().orElse(null);
    return head == null || NOT_ADDRESSED.contains(head) ? null : head;
  }

  /** The state of one parse: what the main text, brackets and separated parts have given. */
  private static final class Parse {
    String name;
    String honorific;
    /** The role written with the name ({@code 王总}): how the person is addressed, first choice. */
    String nameRole;
    final List<String> titles = new ArrayList<>();
    String alias;
    String student;
    String kin;
    boolean parent;
    /** Tags and candidate names/aliases, in the order written; resolved in {@link #result()}. */
    final List<Item> rest = new ArrayList<>();

    /**
     * Text that is no title, honorific or parent phrase; {@code close} when written in brackets or
     * beside the name (a name or alias there), not after a separator (a tag there, unless it can only
     * be the name or alias).
     */
    record Item(String text, boolean close) {}

    void main(String main) {
      Matcher english = ENGLISH_HONORIFIC.matcher(main);
      if (english.find()) {
        honorific = ENGLISH_HONORIFICS.get(english.group(1).toLowerCase(Locale.ROOT));
        main = main.substring(english.end());
      } else if (ENGLISH_HONORIFICS.containsKey(main.toLowerCase(Locale.ROOT).replace(".", ""))) {
        honorific = ENGLISH_HONORIFICS.get(main.toLowerCase(Locale.ROOT).replace(".", ""));
        main = "";
      }
      if (main.isEmpty()) return;
      if (parentPhrase(main)) return;

      String[] words = main.split(" ");
      int han = 0;
      while (han < words.length && isHan(words[han])) han++;
      int latinEnd = words.length;
      while (latinEnd > 0 && isHan(words[latinEnd - 1])) latinEnd--;
      if (han == words.length) {
        // 刘芳 市场经理; 王小明妈妈 李娜; 王 小明
        main = String.join("", words);
        for (int i = 1; i < words.length; i++) {
          String head = String.join("", Arrays.asList(words).subList(0, i));
          String tail = String.join("", Arrays.asList(words).subList(i, words.length));
          if (title(tail) && !ROLES.contains(tail)) {
            titles.add(tail);
            main = head;
            break;
          } else if (isParent(head) && !isParent(tail)) {
            parentPhrase(head);
            main = tail;
            break;
          } else if (isParent(tail) && !isParent(head)) {
            parentPhrase(tail);
            main = head;
            break;
          }
        }
      } else if (han > 0) {
        // 王磊 Wang Lei, 王磊 Purchasing Manager
        String latin = String.join(" ", Arrays.asList(words).subList(han, words.length));
        if (title(latin)) titles.add(latin);
        else rest.add(new Item(latin, true));
        main = String.join("", Arrays.asList(words).subList(0, han));
      } else if (latinEnd < words.length
          && String.join("", Arrays.asList(words).subList(latinEnd, words.length)).length() >= 2
          && latinName(String.join(" ", Arrays.asList(words).subList(0, latinEnd)))) {
        // Wang Lei 王磊 (but Tony 王 stays whole)
        alias = String.join(" ", Arrays.asList(words).subList(0, latinEnd));
        main = String.join("", Arrays.asList(words).subList(latinEnd, words.length));
      } else {
        // John Smith Sales Manager; Purchasing Manager alone (but John Dean stays a name)
        for (int i = 0; i < words.length; i++) {
          String tail = String.join(" ", Arrays.asList(words).subList(i, words.length));
          if (englishTitle(tail) && (unseparated(tail) || (i == 0 && words.length > 1))) {
            titles.add(tail);
            main = String.join(" ", Arrays.asList(words).subList(0, i));
            break;
          }
        }
      }
      if (main.isEmpty()) return;
      if (isHan(main) && parentPhrase(main)) return;
      if (isHan(main)) main = suffixes(main);
      name = main.isEmpty() ? null : main;
    }

    /** 王小明妈妈, Parent of Tom: the contact is the parent. False when the text is no parent phrase. */
    boolean parentPhrase(String text) {
      String[] found = parent(text);
      if (found == null) return false;
      if (parent) {
        rest.add(new Item(text, false));
        return true;
      }
      parent = true;
      kin = found[1];
      String x = found[0];
      if (x == null) return true;
      if (isHan(x) && (x.length() == 1 || COMPOUND_SURNAMES.contains(x))) {
        if (name == null) name = x;                                // 王妈妈: Mrs Wang, a mother
      } else {
        student = x;
      }
      return true;
    }

    /** 王总, 张伟老师, 李女士, 刘芳市场经理: the role and honorific written after a Chinese name. */
    String suffixes(String main) {
      for (int round = 0; round < 2; round++) {
        String suffixRole = suffix(main, ROLES);
        String suffixHonorific = suffixRole == null ? suffix(main, HONORIFICS) : null;
        if (suffixRole != null) {
          String rest = main.substring(0, main.length() - suffixRole.length());
          String department = suffixRole.length() > 1 ? department(rest) : null;
          if (department != null) suffixRole = department + suffixRole;
          if (nameRole == null) nameRole = suffixRole;
          else titles.add(suffixRole);
          main = main.substring(0, main.length() - suffixRole.length());
        } else if (suffixHonorific != null) {
          if (honorific == null) honorific = suffixHonorific;
          main = main.substring(0, main.length() - suffixHonorific.length());
        } else {
          break;
        }
      }
      return main;
    }

    void bracketed(String inside) {
      if (parentPhrase(inside)) return;
      String lower = inside.toLowerCase(Locale.ROOT).replace(".", "");
      if (honorific == null && HONORIFICS.contains(inside)) honorific = inside;
      else if (honorific == null && ENGLISH_HONORIFICS.containsKey(lower)) honorific = ENGLISH_HONORIFICS.get(lower);
      else if (title(inside)) titles.add(inside);
      else rest.add(new Item(inside, true));
    }

    void separated(String part) {
      if (parentPhrase(part)) return;
      if (title(part)) titles.add(part);
      else rest.add(new Item(part, false));
    }

    ParsedName result() {
      List<String> tags = new ArrayList<>();
      boolean bare = name == null && !parent && nameRole == null && honorific == null && titles.isEmpty();
      for (Item entry : rest) {
        String item = entry.text();
        boolean nameHere = entry.close() || bare;
        boolean aliasHere = entry.close() || item.contains(" ") || (nameRole == null && honorific == null);
        if (name == null && nameHere && isHan(item) && !isParent(item)) {
          name = suffixes(item);                                   // (王小明), 王小明妈妈（李娜）
          if (name.isEmpty()) name = null;
        } else if (name == null && nameHere && latinName(item)) {
          name = stripHonorific(item);
        } else if (alias == null && aliasHere && name != null && isCjk(name) && latinName(item)) {
          alias = stripHonorific(item);                            // 王磊 (Wang Lei), 王磊/Wang Lei
        } else if (alias == null && entry.close() && name != null && !isCjk(name) && isHan(item) && item.length() >= 2) {
          alias = name;                                            // Wang Lei (王磊)
          name = item;
        } else {
          tags.add(item);
        }
      }
      String role;
      if (parent) {
        role = PARENT;
        if (nameRole != null) tags.add(0, nameRole);
        tags.addAll(0, titles);
        if (kin != null) honorific = kin;
      } else {
        role = nameRole != null ? nameRole : titles.isEmpty() ? null : titles.get(0);
        List<String> others = new ArrayList<>(titles);
        if (nameRole == null && !others.isEmpty()) others.remove(0);
        tags.addAll(0, others);
      }
      return new ParsedName(name, honorific, role, tags, alias, student);
    }
  }

  private static boolean isParent(String text) {
    return parent(text) != null;
  }

  /**
   * {student or surname or null, kin honorific or null} when the text says "the parent of X", else
   * null: 王小明妈妈 → {王小明, 妈妈}, 王小明的家长 → {王小明, null}, 宝妈 → {null, 妈妈}, Parent of Tom →
   * {Tom, null}, Tom's mom → {Tom, Mother}.
   */
  private static String[] parent(String text) {
    Matcher chinese = CHINESE_PARENT.matcher(text);
    if (chinese.matches()) {
      String x = tidy(chinese.group(1));
      if (isHan(x)) x = x.replace(" ", "");
      String kin = CHINESE_KIN.get(chinese.group(2));
      if (x.isEmpty() || NO_STUDENT.contains(x)) return new String[] {null, kin};
      if (!isHan(x) && !latinName(x)) return null;
      return new String[] {x, kin};
    }
    Matcher of = ENGLISH_PARENT_OF.matcher(text);
    Matcher possessive = ENGLISH_PARENT_POSSESSIVE.matcher(text);
    String x;
    String word;
    if (of.matches()) {
      x = tidy(of.group(2));
      word = of.group(1);
    } else if (possessive.matches()) {
      x = tidy(possessive.group(1));
      word = possessive.group(2);
    } else {
      return null;
    }
    if (!latinName(x) && !isCjk(x)) return null;
    String kin = switch (word.toLowerCase(Locale.ROOT)) {
      case "mother", "mom", "mommy", "mum" -> "Mother";
      case "father", "dad", "daddy" -> "Father";
      default -> null;
    };
    return new String[] {x, kin};
  }

  /** A job title: a role or department ({@code 经理}, {@code 财务}), a title ending in one ({@code 市场经理}), or an English title. */
  private static boolean title(String text) {
    if (text.isEmpty()) return false;
    if (ROLES.contains(text) || DEPARTMENTS.contains(text)) return true;
    if (isCjk(text) || mixedTitle(text)) {
      if (text.length() > 12) return false;
      for (String role : ROLES) {
        if (role.length() > 1 && text.endsWith(role) && text.length() > role.length()) return true;
      }
      for (String ending : TITLE_ENDINGS) {
        if (text.endsWith(ending) && text.length() > 1 && text.length() <= 6 && department(text.substring(0, text.length() - 1)) != null) {
          return true;
        }
      }
      return text.endsWith("部") && DEPARTMENTS.contains(text.substring(0, text.length() - 1));
    }
    return englishTitle(text);
  }

  /** HR经理, IT主管: Latin letters before a Chinese role. */
  private static boolean mixedTitle(String text) {
    return MIXED_TITLE.matcher(text).matches();
  }

  /** Every word a title word, the last (or one before "of") a head: Purchasing Manager, Head of Sales, CEO. */
  private static boolean englishTitle(String text) {
    String[] words = WHITESPACE_RUN.split(text.toLowerCase(Locale.ROOT).replace(",", " ").strip());
    boolean head = false;
    for (String w : words) {
      String word = EDGE_PUNCTUATION.matcher(w).replaceAll("");
      if (word.isEmpty()) continue;
      if (ENGLISH_TITLE_HEADS.contains(word)) head = true;
      else if (!ENGLISH_TITLE_WORDS.contains(word)) return false;
    }
    return head;
  }

  /** A title that may follow a name without a separator: it ends in an unambiguous head (CEO, Manager). */
  private static boolean unseparated(String title) {
    String[] words = WHITESPACE_RUN.split(title.toLowerCase(Locale.ROOT));
    return UNSEPARATED_TITLE_HEADS.contains(words[words.length - 1]);
  }

  /** The department (with 部) that {@code text} ends with, leaving a name or nothing; null when none. */
  private static String department(String text) {
    for (String d : DEPARTMENTS) {
      for (String written : List.of(d + "部", d)) {
        if (text.endsWith(written)) return written;
      }
    }
    return null;
  }

  private static boolean latinName(String text) {
    if (!LATIN_NAME.matcher(text).matches() || englishTitle(text)) return false;
    if (ENGLISH_HONORIFICS.containsKey(text.toLowerCase(Locale.ROOT).replace(".", ""))) return false;
    return text.split(" ").length <= 5;
  }

  private static String stripHonorific(String latin) {
    Matcher m = ENGLISH_HONORIFIC.matcher(latin);
    return m.find() ? latin.substring(m.end()) : latin;
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
}
