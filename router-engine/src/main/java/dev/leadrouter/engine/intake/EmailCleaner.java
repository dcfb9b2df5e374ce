package dev.leadrouter.engine.intake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An e-mail field → the addresses it holds, lower-cased, in the order written (pure).
 *
 * <ul>
 *   <li>NFKC first (full-width {@code ＠} and {@code ．}); an ideographic full stop inside an address
 *       is a dot ({@code wang@x。cn});
 *   <li>{@code mailto:}, labels ({@code 邮箱：}) and display names ({@code 王工 <wang@x.cn>},
 *       {@code "Wang" <wang@x.cn>}) are dropped, so is punctuation around an address
 *       ({@code wang@x.cn。});
 *   <li>several addresses: separated by {@code , ， ; 、 /} or {@code 或}, or by spaces when every
 *       word is an address;
 *   <li>what is not an address ({@code a@b}, {@code a b@c.cn}) is not kept: {@link #clean} says so
 *       and the lead is flagged {@link LeadCleaner#EMAIL_INVALID}. Nothing is corrected
 *       ({@code gmial.com} stays).
 * </ul>
 */
public final class EmailCleaner {

  /** The valid addresses (distinct, first one primary), and whether some text was not one. */
  public record Emails(List<String> addresses, boolean invalid) {
    public static final Emails NONE = new Emails(List.of(), false);

    public Emails {
      addresses = List.copyOf(addresses);
    }
  }

  private static final int MAX_CHARS = 2_000;
  private static final int MAX_ADDRESSES = 20;
  private static final Pattern SEPARATORS = Pattern.compile("[,;、/|\\n]+|或");
  private static final Pattern QUOTED_NAME = Pattern.compile("[\"“”「」『』][^\"“”「」『』<>]*[\"“”「」『』](?=\\s*<)");
  private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern MAILTO = Pattern.compile("mailto:", Pattern.CASE_INSENSITIVE);
  /** Brackets and quotes before an address; any punctuation after it (a domain ends in a letter or digit). */
  private static final Pattern AROUND = Pattern.compile("^[\\s<(\\[{\"'“‘《【「『:]+|[\\s\\p{P}\\p{S}]+$");
  /** A word next to an address that is a label, a name or a comment, not a broken address: no ASCII letter or digit, a trailing colon, brackets. */
  private static final Pattern BESIDE = Pattern.compile("[^A-Za-z0-9]*|.*:|\\(.*\\)");
  private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");
  private static final Pattern TLD = Pattern.compile("\\p{L}{2,63}|xn--[a-z0-9-]{1,59}");

  private EmailCleaner() {}

  /** The one address a text holds, cleaned as intake cleans it (search): empty when none, several or an invalid one. */
  public static java.util.Optional<String> single(String raw) {
    Emails emails = clean(raw);
    return !emails.invalid() && emails.addresses().size() == 1
        ? java.util.Optional.of(emails.addresses().get(0)) : java.util.Optional.empty();
  }

  public static Emails clean(String raw) {
    if (raw == null || raw.isBlank()) return Emails.NONE;
    String text = normalize(raw);
    boolean invalid = false;
    if (text.length() > MAX_CHARS) {
      text = text.substring(0, MAX_CHARS);
      invalid = true;
    }
    text = MAILTO.matcher(QUOTED_NAME.matcher(text).replaceAll(" ")).replaceAll(" ");
    Set<String> addresses = new LinkedHashSet<>();
    for (String part : SEPARATORS.split(text)) {
      if (part.isBlank()) continue;
      for (String candidate : candidates(part)) {
        String address = address(candidate);
        if (address == null) invalid = true;
        else if (addresses.size() < MAX_ADDRESSES) addresses.add(address);
      }
    }
    if (addresses.isEmpty() && !text.isBlank()) invalid = true;
    return new Emails(new ArrayList<>(addresses), invalid);
  }

  private static String normalize(String raw) {
    return CleanText.nfkc(raw);
  }

  /**
   * The address texts of one part: those in angle brackets; else its words with an @ when every
   * other word is a label or a name ({@code 邮箱：}, {@code 王工}); else the whole part.
   */
  private static List<String> candidates(String part) {
    List<String> out = new ArrayList<>();
    Matcher bracketed = BRACKETED.matcher(part);
    while (bracketed.find()) out.add(bracketed.group(1));
    if (!out.isEmpty()) return out;
    for (String word : WHITESPACE.split(part.strip())) {
      if (word.indexOf('@') >= 0) out.add(word);
      else if (!BESIDE.matcher(word).matches()) return List.of(part);
    }
    return out.isEmpty() ? List.of(part) : out;
  }

  /** The cleaned address, or null when the text is not one. */
  private static String address(String candidate) {
    String a = candidate.strip();
    int firstAt = a.indexOf('@');
    int colon = firstAt > 0 ? a.lastIndexOf(':', firstAt) : -1;
    if (colon >= 0) a = a.substring(colon + 1);   // "邮箱：wang@x.cn"
    a = AROUND.matcher(a).replaceAll("");
    int query = a.indexOf('?');
    if (query > 0 && a.indexOf('@') > 0 && query > a.indexOf('@')) a = a.substring(0, query);
    a = a.replace('。', '.').toLowerCase(Locale.ROOT);
    int at = a.indexOf('@');
    if (at <= 0 || at != a.lastIndexOf('@') || a.length() > 254) return null;
    String local = a.substring(0, at);
    String domain = a.substring(at + 1);
    if (local.length() > 64 || !LOCAL.matcher(local).matches()) return null;
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) return null;
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) return null;
    }
    return TLD.matcher(labels[labels.length - 1]).matches() ? a : null;
  }
}
