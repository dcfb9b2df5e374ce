package dev.leadrouter.engine.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone field → the numbers it holds, in E.164, in the order written (pure). Mainland China is
 * the default country; a number written with its country code ({@code +852}, {@code 00886},
 * {@code +1}) keeps it, and a field that names the US, Hong Kong, Macao or Taiwan reads numbers
 * without a code as that country's first.
 *
 * <ul>
 *   <li>NFKC first: full-width digits, {@code ＋}, {@code （）}, {@code －} become ASCII;
 *   <li>{@code 0086}, {@code 86} and {@code 086} before a mainland number mean {@code +86}; a trunk
 *       0 kept after the code ({@code +86 0138…}, {@code +86 (0)21…}) is dropped;
 *   <li>several numbers: separated by {@code / , ， 、 ; 或} or any other text, or by spaces
 *       between complete numbers; spaces, dashes, dots and brackets inside one number are fine;
 *   <li>an extension ({@code 转123}, {@code 分机12}, {@code ext. 12}, {@code x12}, {@code #12}, or a
 *       short group after a landline: {@code 0755-8888 9999-8012}) is dropped from the number and
 *       flagged {@link LeadCleaner#PHONE_EXTENSION};
 *   <li>a masked number ({@code 138****5678}, {@code 138xxxx5678}, {@code 138××××5678}) is flagged
 *       {@link LeadCleaner#PHONE_MASKED} and never completed; digits that make no valid number are
 *       flagged {@link LeadCleaner#PHONE_INVALID} and never padded.
 * </ul>
 */
public final class PhoneCleaner {

  /**
   * The valid numbers (E.164, distinct, first one primary), the extension written with a number
   * (E.164 → digits, kept apart from it), and the flags, each at most once.
   */
  public record Phones(List<String> numbers, Map<String, String> extensions, List<String> flags) {
    public static final Phones NONE = new Phones(List.of(), Map.of(), List.of());

    public Phones {
      numbers = List.copyOf(numbers);
      extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
      flags = List.copyOf(flags);
    }
  }

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  /** More text than any phone field needs; the rest is not read (and flagged invalid). */
  private static final int MAX_CHARS = 1_000;
  /** At most this many groups of digits are read from one field. */
  private static final int MAX_PIECES = 64;
  /** No number is written with more digits than this (15 for E.164, plus an IDD and a trunk 0). */
  private static final int MAX_DIGITS = 18;
  private static final Pattern EXTENSION = Pattern.compile(
      "(?:转|分机号?|(?<![A-Za-z])(?:extension|extn|ext)\\.?|(?<![A-Za-z])[xX](?=\\s*\\d)|#)\\s*[:.]?\\s*(\\d{1,6})(?!\\d)",
      Pattern.CASE_INSENSITIVE);
  /** What a number may be written with; anything else separates numbers. */
  private static final Pattern NOT_PHONE_TEXT = Pattern.compile("[^0-9+\\-.()\\s*xX×●•]+");
  private static final Pattern PIECE_BREAK = Pattern.compile("[\\s\\-.()]+");
  private static final Pattern MASK = Pattern.compile("[*×●•]|[xX]{2,}");
  private static final Pattern PLUS_SPACE = Pattern.compile("\\+\\s+(?=\\d)");
  private static final Pattern US = Pattern.compile("美国|\\b(?:usa?|united states)\\b");
  private static final Pattern HK = Pattern.compile("香港|\\b(?:hk|hong kong)\\b");
  private static final Pattern MO = Pattern.compile("澳门|\\b(?:macao|macau)\\b");
  private static final Pattern TW = Pattern.compile("台湾|\\b(?:tw|taiwan)\\b");

  private PhoneCleaner() {}

  public static Phones clean(String raw) {
    if (raw == null || raw.isBlank()) return Phones.NONE;
    String text = normalize(raw);
    Set<String> flags = new LinkedHashSet<>();
    if (text.length() > MAX_CHARS) {
      text = text.substring(0, MAX_CHARS);
      flags.add(LeadCleaner.PHONE_INVALID);
    }
    // Text between extensions is read on its own; an extension belongs to the last number before it.
    List<String> chunks = new ArrayList<>();
    List<String> chunkExtensions = new ArrayList<>();
    Matcher ext = EXTENSION.matcher(text);
    int from = 0;
    while (ext.find()) {
      chunks.add(text.substring(from, ext.start()));
      chunkExtensions.add(ext.group(1));
      from = ext.end();
    }
    chunks.add(text.substring(from));
    if (!chunkExtensions.isEmpty()) flags.add(LeadCleaner.PHONE_EXTENSION);
    List<String> regions = hintedRegions(text);
    Set<String> numbers = new LinkedHashSet<>();
    Map<String, String> extensions = new LinkedHashMap<>();
    for (int c = 0; c < chunks.size(); c++) {
      String last = read(pieces(chunks.get(c)), regions, numbers, extensions, flags);
      if (last != null && c < chunkExtensions.size()) extensions.putIfAbsent(last, chunkExtensions.get(c));
    }
    if (numbers.isEmpty() && !flags.contains(LeadCleaner.PHONE_MASKED)) flags.add(LeadCleaner.PHONE_INVALID);
    List<String> ordered = new ArrayList<>();
    for (String f : List.of(LeadCleaner.PHONE_MASKED, LeadCleaner.PHONE_INVALID, LeadCleaner.PHONE_EXTENSION)) {
      if (flags.contains(f)) ordered.add(f);
    }
    return new Phones(new ArrayList<>(numbers), extensions, ordered);
  }

  /**
   * Adds the numbers the pieces make to {@code numbers} (and a landline's dash extension to
   * {@code extensions}), flags what makes none; answers the last number found, or null.
   */
  private static String read(List<Piece> pieces, List<String> regions, Set<String> numbers,
      Map<String, String> extensions, Set<String> flags) {
    String last = null;
    // A run of pieces that make no number is one problem: masked if any of them is, else invalid.
    boolean inRun = false;
    boolean runMasked = false;
    int i = 0;
    while (i < pieces.size()) {
      Piece piece = pieces.get(i);
      Found found = longestNumberAt(pieces, i, regions);
      if (inRun && (found != null || pieces.get(i - 1).segment() != piece.segment())) {
        flags.add(runMasked ? LeadCleaner.PHONE_MASKED : LeadCleaner.PHONE_INVALID);
        inRun = false;
        runMasked = false;
      }
      if (found == null) {
        inRun = true;
        runMasked |= piece.masked();
        i++;
        continue;
      }
      numbers.add(found.e164());
      last = found.e164();
      i += found.pieces();
      // "0755-8888 9999-8012": a short group right after a landline, joined by a dash, is its extension.
      if (i < pieces.size()) {
        Piece next = pieces.get(i);
        if (next.segment() == piece.segment() && next.afterDash() && !next.masked() && !next.plus()
            && next.digits().length() <= 5 && found.fixedLine()) {
          flags.add(LeadCleaner.PHONE_EXTENSION);
          extensions.putIfAbsent(found.e164(), next.digits());
          i++;
        }
      }
    }
    if (inRun) flags.add(runMasked ? LeadCleaner.PHONE_MASKED : LeadCleaner.PHONE_INVALID);
    return last;
  }

  /**
   * The one number a text holds, in E.164 (search and rep mobiles): empty when it holds none,
   * several, or a masked or invalid one. An extension is dropped.
   */
  public static Optional<String> e164(String raw) {
    Phones phones = clean(raw);
    boolean clean = !phones.flags().contains(LeadCleaner.PHONE_MASKED) && !phones.flags().contains(LeadCleaner.PHONE_INVALID);
    return clean && phones.numbers().size() == 1 ? Optional.of(phones.numbers().get(0)) : Optional.empty();
  }

  /** The parsed number, if the E.164 text is a valid one. */
  static Optional<Phonenumber.PhoneNumber> parsed(String e164) {
    try {
      Phonenumber.PhoneNumber number = PHONES.parse(e164, "ZZ");
      return PHONES.isValidNumber(number) ? Optional.of(number) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  private static String normalize(String raw) {
    // "+ 86" is "+86".
    return PLUS_SPACE.matcher(CleanText.nfkc(raw)).replaceAll("+");
  }

  /** Regions a field names (US, HK, MO, TW), read before mainland China for numbers without a code. */
  private static List<String> hintedRegions(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> regions = new ArrayList<>();
    if (US.matcher(lower).find()) regions.add("US");
    if (HK.matcher(lower).find()) regions.add("HK");
    if (MO.matcher(lower).find()) regions.add("MO");
    if (TW.matcher(lower).find()) regions.add("TW");
    regions.add("CN");
    return regions;
  }

  /** A group of digits as written: its segment (pieces of different segments never join), a leading plus, a mask. */
  private record Piece(int segment, String digits, boolean plus, boolean masked, boolean afterDash) {}

  private record Found(Phonenumber.PhoneNumber number, String e164, int pieces) {
    boolean fixedLine() {
      return PHONES.getNumberType(number) == PhoneNumberUtil.PhoneNumberType.FIXED_LINE;
    }
  }

  private static List<Piece> pieces(String text) {
    List<Piece> pieces = new ArrayList<>();
    String[] segments = NOT_PHONE_TEXT.split(text);
    for (int s = 0; s < segments.length && pieces.size() < MAX_PIECES; s++) {
      String segment = segments[s].replace("+", " +");
      Matcher breaks = PIECE_BREAK.matcher(segment);
      int start = 0;
      boolean afterDash = false;
      while (pieces.size() < MAX_PIECES) {
        boolean more = breaks.find();
        String token = segment.substring(start, more ? breaks.start() : segment.length());
        add(pieces, s, token, afterDash);
        if (!more) break;
        afterDash = breaks.group().contains("-");
        start = breaks.end();
      }
    }
    return pieces;
  }

  private static void add(List<Piece> pieces, int segment, String token, boolean afterDash) {
    boolean masked = MASK.matcher(token).find();
    StringBuilder digitsOnly = new StringBuilder();
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) >= '0' && token.charAt(i) <= '9') digitsOnly.append(token.charAt(i));
    }
    String digits = digitsOnly.toString();
    if (!masked && digits.isEmpty()) return;
    if (digits.length() > MAX_DIGITS * 2) digits = digits.substring(0, MAX_DIGITS * 2);
    pieces.add(new Piece(segment, digits, token.startsWith("+"), masked, afterDash));
  }

  /** The number made by the most pieces from {@code i} on (one segment, no mask, no second plus). */
  private static Found longestNumberAt(List<Piece> pieces, int i, List<String> regions) {
    Piece first = pieces.get(i);
    if (first.masked()) return null;
    List<String> candidates = new ArrayList<>();
    StringBuilder digits = new StringBuilder();
    for (int j = i; j < pieces.size(); j++) {
      Piece p = pieces.get(j);
      if (p.segment() != first.segment() || p.masked() || (j > i && p.plus())) break;
      digits.append(p.digits());
      if (digits.length() > MAX_DIGITS) break;
      candidates.add(digits.toString());
    }
    for (int n = candidates.size(); n >= 1; n--) {
      Optional<Phonenumber.PhoneNumber> number = number(candidates.get(n - 1), first.plus(), regions);
      if (number.isPresent()) {
        return new Found(number.get(), PHONES.format(number.get(), PhoneNumberUtil.PhoneNumberFormat.E164), n);
      }
    }
    return null;
  }

  /** One number's digits → a valid number, trying the ways it is commonly written. */
  private static Optional<Phonenumber.PhoneNumber> number(String digits, boolean plus, List<String> regions) {
    if (digits.length() < 5) return Optional.empty();
    if (plus) return valid("+" + digits, "ZZ");
    if (digits.startsWith("00")) return valid("+" + digits.substring(2), "ZZ");
    for (String region : regions) {
      Optional<Phonenumber.PhoneNumber> number = valid(digits, region);
      if (number.isPresent()) return number;
    }
    // A country code written without its plus: 86…, 086… (a kept trunk 0), 852…, 853…, 886….
    if (digits.startsWith("086")) return valid("+" + digits.substring(1), "ZZ").filter(PhoneCleaner::mainland);
    for (String code : List.of("86", "852", "853", "886")) {
      if (digits.startsWith(code)) {
        Optional<Phonenumber.PhoneNumber> number = valid("+" + digits, "ZZ");
        if (number.isPresent()) return number;
      }
    }
    return Optional.empty();
  }

  private static boolean mainland(Phonenumber.PhoneNumber number) {
    return number.getCountryCode() == 86;
  }

  private static Optional<Phonenumber.PhoneNumber> valid(String text, String region) {
    try {
      Phonenumber.PhoneNumber number = PHONES.parse(text, region);
      return PHONES.isValidNumber(number) ? Optional.of(number) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
