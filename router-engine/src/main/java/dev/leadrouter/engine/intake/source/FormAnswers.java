package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.intake.NameCleaner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a form submission's answers into a lead, the same way for every form platform (pure). In order
 * of precedence, a lead field takes:
 *
 * <ol>
 *   <li>the answers the source maps to it ({@code options.fields}, see {@link FieldMap});
 *   <li>an answer whose platform type says what it is (an e-mail or phone question);
 *   <li>an answer whose key or label is a common name of the field ({@link #ALIASES}: {@code name},
 *       {@code 姓名}, {@code your-tel}, {@code utm_source} …, compared in lower case without punctuation).
 * </ol>
 *
 * A field keeps the first value it gets — except the phone, which keeps every answer that is a phone
 * (a second phone question, a mobile and a landline), in that order of precedence, the first one
 * primary. Every answer not used becomes an attribute under its label. An answer that repeats a
 * field's value exactly is used, not kept twice.
 */
final class FormAnswers {

  /**
   * One answer: the keys a mapping may name it by, the attribute name it is kept under when unused
   * (null: not kept), its text (null: unanswered), and the lead field its platform type says it is.
   */
  record Answer(List<String> keys, String label, String value, String typeField) {
    Answer {
      keys = keys.stream().filter(Objects::nonNull).toList();
    }
  }

  /** Attribute names longer than this are replaced by a shorter candidate (or cut). */
  static final int MAX_LABEL = 64;

  private static final Map<String, String> ALIASES = aliases(Map.ofEntries(
      Map.entry("name", List.of("name", "fullname", "yourname", "姓名", "名字", "称呼")),
      Map.entry("salutation", List.of("salutation", "honorific", "anrede", "称谓", "尊称")),
      Map.entry("phone", List.of("phone", "phonenumber", "tel", "telephone", "mobile", "yourtel", "yourphone", "电话",
          "手机", "手机号", "手机号码", "联系电话", "mobilephone", "mobilenumber", "cellphone", "workphone",
          "workphonenumber", "phone2", "secondphone", "座机", "固话", "备用电话", "其他电话")),
      Map.entry("email", List.of("email", "emailaddress", "youremail", "邮箱", "电子邮箱", "电子邮件")),
      Map.entry("company", List.of("company", "companyname", "organization", "yourcompany", "公司", "公司名称", "单位")),
      Map.entry("region", List.of("region", "city", "province", "地区", "城市", "省份", "所在地区", "所在城市")),
      Map.entry("industry", List.of("industry", "行业", "所属行业")),
      Map.entry("budget", List.of("budget", "预算")),
      Map.entry("notes", List.of("notes", "message", "comments", "yourmessage", "留言", "备注", "需求")),
      Map.entry("utm_source", List.of("utm_source")),
      Map.entry("utm_medium", List.of("utm_medium")),
      Map.entry("utm_campaign", List.of("utm_campaign")),
      Map.entry("utm_content", List.of("utm_content")),
      Map.entry("utm_term", List.of("utm_term"))));

  private FormAnswers() {}

  static void apply(LeadBuilder lead, FieldMap map, List<Answer> answers) {
    Map<String, String> assigned = new HashMap<>();
    boolean[] used = new boolean[answers.size()];
    map.entries().forEach((field, keys) -> {
      List<String> parts = new ArrayList<>();
      for (String key : keys) {
        for (int i = 0; i < answers.size(); i++) {
          Answer a = answers.get(i);
          if (a.keys().contains(key)) {
            used[i] = true;
            if (a.value() != null) parts.add(a.value());
            break;
          }
        }
      }
      assign(lead, assigned, field, join(field, parts));
    });
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      if (!used[i] && a.typeField() != null && a.value() != null) used[i] = assign(lead, assigned, a.typeField(), a.value());
    }
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      String field = used[i] || a.value() == null ? null : alias(a);
      if (field != null) used[i] = assign(lead, assigned, field, a.value());
    }
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      if (!used[i] && a.label() != null) lead.attribute(a.label(), a.value());
    }
  }

  /**
   * Several answers for one lead field as one value. A name's parts are given in written Western
   * order (first, middle, last): when every part is in Chinese, Japanese or Korean script they are
   * joined family name first without spaces ({@code 三}, {@code 张} → {@code 张三}), otherwise with
   * spaces in the order given ({@code Emily}, {@code Chen} → {@code Emily Chen}). Notes are joined
   * line by line; any other field with spaces, or without them when every part is CJK
   * ({@code 广东省}, {@code 深圳市} → {@code 广东省深圳市}). Blank parts are dropped.
   */
  static String join(String field, List<String> parts) {
    List<String> given = parts.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).toList();
    if (given.isEmpty()) return null;
    if (given.size() == 1) return given.get(0);
    boolean cjk = given.stream().allMatch(NameCleaner::isCjk);
    if (field.equals("notes")) return String.join("\n", given);
    if (!cjk) return String.join(" ", given);
    if (!field.equals("name")) return String.join("", given);
    StringBuilder out = new StringBuilder();
    for (int i = given.size() - 1; i >= 0; i--) out.append(given.get(i));
    return out.toString();
  }

  /** The first candidate of at most {@value #MAX_LABEL} characters, else the first one cut to that length. */
  static String label(String... candidates) {
    String first = null;
    for (String c : candidates) {
      if (c == null || c.isBlank()) continue;
      String s = c.strip();
      if (s.length() <= MAX_LABEL) return s;
      if (first == null) first = s.substring(0, MAX_LABEL);
    }
    return first;
  }

  /** The text fields of a delivery's form, when it is a form post. */
  static boolean isForm(Delivery delivery) {
    return delivery.mediaType() != null && delivery.isForm();
  }

  /** Several values of one form field as one text (checkbox lists), blank ones dropped. */
  static String values(List<String> values) {
    if (values == null) return null;
    List<String> given = values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    return given.isEmpty() ? null : String.join(", ", given);
  }

  /** Lower case, letters and digits only: {@code Your-Tel} → {@code yourtel}, {@code 手机号码} stays. */
  static String normalize(String text) {
    StringBuilder out = new StringBuilder();
    text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
    return out.toString();
  }

  private static String alias(Answer a) {
    for (String key : a.keys()) {
      String field = aliasOf(key);
      if (field != null) return field;
    }
    return a.label() == null ? null : aliasOf(a.label());
  }

  private static String aliasOf(String key) {
    return ALIASES.get(normalize(key));
  }

  /** Whether a platform's field name is a common name of a phone field ({@code mobile}, {@code 联系电话} …). */
  static boolean isPhoneName(String key) {
    return key != null && "phone".equals(aliasOf(key));
  }

  /**
   * Takes from {@code answers} every one named like a phone ({@link #isPhoneName}), in order, as
   * further phones of the lead: the custom phone questions of platforms whose standard fields the
   * adapter maps itself (Meta, Google, HubSpot).
   */
  static void takePhones(Answers answers, LeadBuilder lead) {
    for (String name : List.copyOf(answers.rest().keySet())) {
      if (answers.namesOf(name).stream().anyMatch(FormAnswers::isPhoneName)) lead.phone(answers.take(name));
    }
  }

  private static boolean assign(LeadBuilder lead, Map<String, String> assigned, String field, String value) {
    if (value == null || value.isBlank()) return false;
    String v = value.strip();
    if (field.equals("phone")) return lead.field(field, v); // every phone is kept
    String before = assigned.get(field);
    if (before != null) return before.equals(v);
    assigned.put(field, v);
    if (!lead.field(field, v)) throw new IllegalArgumentException("not a lead field: " + field);
    return true;
  }

  /** Normalized alias → lead field. */
  private static Map<String, String> aliases(Map<String, List<String>> byField) {
    Map<String, String> out = new HashMap<>();
    byField.forEach((field, names) -> names.forEach(n -> out.put(normalize(n), field)));
    return Map.copyOf(out);
  }
}
