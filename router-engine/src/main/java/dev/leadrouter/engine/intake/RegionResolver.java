package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Region text (macro region, province, prefecture or county, Chinese, pinyin or English, alone or
 * inside an address) → {@link RegionInfo}. Hong Kong, Macao and Taiwan are outside the mainland: their
 * own value, never a guess. When the text gives none, {@link #fromPhones} places a lead by its numbers.
 *
 * <p>The places come from {@code china-divisions.csv} beside this class: every province, every
 * prefecture-level unit (地级市, 自治州, 地区, 盟) and every county-level unit of the mainland with its
 * short name, pinyin, abbreviation and other names in use, read once into two indexes (a character
 * trie for Chinese, a map of romanized names). One call scans the text once.
 *
 * <p>Reading the text:
 * <ul>
 *   <li>Names are found left to right, the longest name at each place first ({@code 吉林市} before
 *       {@code 吉林}), so a name inside another never matches ({@code 宁波} is Ningbo, not 宁夏). Chinese
 *       names count with or without their suffix ({@code 广东省} / {@code 广东}, {@code 延边朝鲜族自治州} /
 *       {@code 延边州} / {@code 延边}). Romanized names are whole words, case- and tone-insensitive, with
 *       or without spaces and apostrophes ({@code Xi'an}, {@code Ma An Shan}); suffix words that follow
 *       them ({@code Shi}, {@code City}, {@code Province}, {@code District} …) are read and dropped.
 *       English forms that are not pinyin ({@code Urumqi}, {@code Lhasa}, {@code Hohhot}, {@code Inner
 *       Mongolia}, {@code Shaanxi}) are in the data.</li>
 *   <li>A county's short name ({@code 昆山}, {@code 南山}, {@code Kunshan}) and a two-character county
 *       name ({@code 东区}, {@code 新县}) count only in context: right after a province or prefecture
 *       ({@code 江苏昆山}, {@code 深圳南山}), as a whole field or comma-separated part, before a suffix
 *       word ({@code Nanshan District}), or, for a county-level city, at the start of the field.</li>
 *   <li>A one-character abbreviation (沪, 粤, 京, 川/蜀 …) counts only as the whole field or its first
 *       part, or at the start of the field right before a place of that province ({@code 粤深圳}); never
 *       inside other words ({@code 新北}, {@code 青岛}). A full name always beats an abbreviation.</li>
 * </ul>
 *
 * <p>Deciding, in this order:
 * <ol>
 *   <li>Hong Kong, Macao or Taiwan named anywhere → {@link RegionInfo#OUTSIDE_MAINLAND} with HK, MO or TW
 *       (unless the name is also a mainland county that another mainland name places: 常州新北).</li>
 *   <li>The first province named is the province ({@code Hainan, Qinghai}: a name that is also a
 *       prefecture yields to one that is only a province); it beats the province of any city in the
 *       text: {@code 广东省苏州市} is 广东省 without a city.</li>
 *   <li>The place is the first prefecture named that lies in that province (or any prefecture, when none
 *       is named), else the first county that does. When a name fits several units ({@code Suzhou},
 *       {@code 鼓楼区}), the named province picks; without one, the unit ranked first in the data (the
 *       more populous of the prefectures sharing a romanization); without a rank, what they share (the
 *       province or the macro region), else the next name.</li>
 *   <li>A place gives its prefecture-level city ({@code 深圳市}); a district of a municipality gives the
 *       municipality ({@code 上海市}); a county-level city directly under a province gives itself
 *       ({@code 仙桃市}). A province alone gives no city, except a municipality, whose city is itself.</li>
 *   <li>Else a macro region written out ({@code 华东}, {@code East China}).</li>
 * </ol>
 */
public final class RegionResolver {

  private static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();
  private static final Divisions DIVISIONS = Divisions.load("china-divisions.csv");

  private RegionResolver() {}

  /** The mainland macro regions (华东, 华北 …), each once. */
  public static Set<String> macroRegions() {
    return new LinkedHashSet<>(DIVISIONS.macros);
  }

  public static Optional<RegionInfo> resolve(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
    return Optional.ofNullable(DIVISIONS.decide(DIVISIONS.scan(t)));
  }

  /**
   * Where a lead's numbers (E.164) place it: the first mainland number the geocoder places
   * (libphonenumber, Chinese names: 0755… → 广东省深圳市, 138… → where the number was issued);
   * outside the mainland ({@link RegionInfo#OUTSIDE_MAINLAND} with the country: HK, MO, TW, US …) when
   * every number is; empty when there is none, or no mainland number can be placed.
   */
  public static Optional<RegionInfo> fromPhones(List<String> e164s) {
    String abroad = null;
    boolean mainland = false;
    for (String e164 : e164s) {
      Optional<Phonenumber.PhoneNumber> number = PhoneCleaner.parsed(e164);
      if (number.isEmpty()) continue;
      String country = PhoneNumberUtil.getInstance().getRegionCodeForNumber(number.get());
      if (!"CN".equals(country)) {
        if (abroad == null && country != null) abroad = country;
        continue;
      }
      mainland = true;
      String place = GEOCODER.getDescriptionForNumber(number.get(), Locale.CHINA);
      Optional<RegionInfo> region = resolve(place).filter(r -> "CN".equals(r.country()));
      if (region.isPresent()) return Optional.of(withCity(region.get(), place));
    }
    if (mainland || abroad == null) return Optional.empty();
    return Optional.of(new RegionInfo(RegionInfo.OUTSIDE_MAINLAND, null, null, abroad));
  }

  /** The geocoder's city when the data places only the province (a city name the data does not hold). */
  private static RegionInfo withCity(RegionInfo region, String place) {
    if (region.city() != null || region.province() == null) return region;
    String province = region.province();
    String shortName = DIVISIONS.shortNames.getOrDefault(province, province);
    String rest = place.startsWith(province) ? place.substring(province.length())
        : place.startsWith(shortName) ? place.substring(shortName.length()) : "";
    boolean city = rest.length() >= 2 && (rest.endsWith("市") || rest.endsWith("州") || rest.endsWith("地区") || rest.endsWith("盟"));
    return city ? new RegionInfo(region.macro(), province, rest, region.country()) : region;
  }

  private enum Level { MACRO, PROVINCE, PREFECTURE, COUNTY, OUTSIDE }

  /** One row of the data: a division, its parent, and the region it resolves to. */
  private static final class Unit {
    final String code;
    final Level level;
    final String name;
    final int rank;
    Unit parent;
    Unit province;
    RegionInfo region;

    Unit(String code, Level level, String name, int rank) {
      this.code = code;
      this.level = level;
      this.name = name;
      this.rank = rank;
    }

    boolean isPlace() {
      return level == Level.PREFECTURE || level == Level.COUNTY;
    }

    boolean mainland() {
      return level != Level.OUTSIDE;
    }
  }

  /**
   * The units a name stands for: {@code strong} wherever the name stands, {@code weak} (county short
   * names, two-character county names) only in context.
   */
  private static final class Names {
    final List<Unit> strong = new ArrayList<>(1);
    final List<Unit> weak = new ArrayList<>(1);

    void add(Unit unit, boolean isWeak) {
      List<Unit> to = isWeak ? weak : strong;
      if (!strong.contains(unit) && !to.contains(unit)) to.add(unit);
      if (!isWeak) weak.remove(unit);
    }

    List<Unit> usable(boolean context, boolean fieldStart) {
      if (weak.isEmpty()) return strong;
      List<Unit> out = new ArrayList<>(strong);
      for (Unit u : weak) if (context || fieldStart && u.name.endsWith("市")) out.add(u);
      return out;
    }
  }

  /** A sorted-array trie over Chinese names: small, and one step per character. */
  private static final class Node {
    private char[] keys = new char[0];
    private Node[] kids = new Node[0];
    Names names;

    Node child(char c) {
      int k = Arrays.binarySearch(keys, c);
      return k < 0 ? null : kids[k];
    }

    Node addChild(char c) {
      int k = Arrays.binarySearch(keys, c);
      if (k >= 0) return kids[k];
      int at = -k - 1;
      char[] nk = new char[keys.length + 1];
      Node[] nn = new Node[kids.length + 1];
      System.arraycopy(keys, 0, nk, 0, at);
      System.arraycopy(kids, 0, nn, 0, at);
      nk[at] = c;
      nn[at] = new Node();
      System.arraycopy(keys, at, nk, at + 1, keys.length - at);
      System.arraycopy(kids, at, nn, at + 1, kids.length - at);
      keys = nk;
      kids = nn;
      return nn[at];
    }
  }

  /** A name found in the text: characters [start, end) and the units it may stand for. */
  private record Match(int start, int end, List<Unit> units) {
    boolean names(Level level) {
      for (Unit u : units) if (u.level == level) return true;
      return false;
    }
  }

  /** Words after a romanized name that say what kind of unit it is. */
  private static final Set<String> PROVINCE_WORDS = Set.of("province", "sheng", "zizhiqu", "municipality");
  private static final Set<String> PLACE_WORDS = Set.of("city", "shi", "prefecture", "zizhizhou", "diqu",
      "meng", "league", "district", "county", "qu", "xian", "qi", "banner");
  private static final int MAX_WORDS = 4;

  /** The loaded data: indexes by name, and the decision over what a text names. */
  private static final class Divisions {
    final Node trie = new Node();
    final Map<String, Names> romanized = new HashMap<>();
    final Map<Character, Unit> abbreviations = new HashMap<>();
    final Map<String, String> shortNames = new HashMap<>();
    final List<String> macros = new ArrayList<>();

    static Divisions load(String resource) {
      try (InputStream in = RegionResolver.class.getResourceAsStream(resource)) {
        if (in == null) throw new IllegalStateException("no resource " + resource + " beside RegionResolver");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Divisions d = new Divisions();
        Map<String, Unit> byCode = new LinkedHashMap<>();
        Map<Unit, String> parents = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        boolean header = true;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank() || line.startsWith("#")) continue;
          if (header) {
            header = false;
            continue;
          }
          String[] f = line.split(",", -1);
          if (f.length != 9) throw new IllegalStateException(resource + ": 9 columns expected: " + line);
          Unit u = new Unit(f[0], Level.valueOf(f[1].toUpperCase(Locale.ROOT)), f[3], f[8].isEmpty() ? 0 : Integer.parseInt(f[8]));
          byCode.put(u.code, u);
          parents.put(u, f[2]);
          rows.add(f);
        }
        for (Unit u : byCode.values()) {
          String parent = parents.get(u);
          if (u.level == Level.PREFECTURE || u.level == Level.COUNTY) {
            u.parent = byCode.get(parent);
            if (u.parent == null) throw new IllegalStateException(resource + ": unknown parent " + parent + " of " + u.code);
          }
        }
        for (String[] f : rows) {
          Unit u = byCode.get(f[0]);
          u.province = u.level == Level.PROVINCE ? u : u.parent == null ? null : u.parent.province != null ? u.parent.province : u.parent.parent;
          u.region = region(u, parents);
          if (u.level == Level.MACRO) d.macros.add(u.name);
          if (u.level == Level.PROVINCE) d.shortNames.put(u.name, f[4]);
          boolean county = u.level == Level.COUNTY;
          d.index(f[3], u, county && f[3].length() <= 2);
          if (!f[4].isEmpty()) d.index(f[4], u, county);
          if (!f[5].isEmpty()) d.index(f[5], u, county);
          for (String alias : f[7].split("\\|")) if (!alias.isEmpty()) d.index(alias, u, false);
          for (String abbr : f[6].split("\\|")) if (!abbr.isEmpty()) d.abbreviations.put(abbr.charAt(0), u);
        }
        return d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static RegionInfo region(Unit u, Map<Unit, String> parents) {
      return switch (u.level) {
        case MACRO -> new RegionInfo(u.name, null, null, "CN");
        case OUTSIDE -> new RegionInfo(RegionInfo.OUTSIDE_MAINLAND, null, null, u.code);
        case PROVINCE -> new RegionInfo(parents.get(u), u.name, municipality(u) ? u.name : null, "CN");
        case PREFECTURE -> new RegionInfo(u.province.region.macro(), u.province.name, u.name, "CN");
        case COUNTY -> new RegionInfo(u.province.region.macro(), u.province.name,
            u.parent.level == Level.PREFECTURE ? u.parent.name : municipality(u.parent) ? u.parent.name : u.name, "CN");
      };
    }

    private static boolean municipality(Unit province) {
      return province.name.endsWith("市");
    }

    private void index(String name, Unit unit, boolean weak) {
      if (name.chars().anyMatch(c -> c < 128)) {
        String key = latinKey(name);
        if (!key.isEmpty()) romanized.computeIfAbsent(key, k -> new Names()).add(unit, weak);
        return;
      }
      Node node = trie;
      for (int i = 0; i < name.length(); i++) node = node.addChild(name.charAt(i));
      if (node.names == null) node.names = new Names();
      node.names.add(unit, weak);
    }

    private static String latinKey(String name) {
      StringBuilder b = new StringBuilder(name.length());
      for (int i = 0; i < name.length(); i++) {
        char c = Character.toLowerCase(name.charAt(i));
        if (c >= 'a' && c <= 'z') b.append(c);
      }
      return b.toString();
    }

    /** Every name in the text, left to right. */
    List<Match> scan(String t) {
      List<Match> out = new ArrayList<>(4);
      int first = 0;
      while (first < t.length() && separator(t.charAt(first))) first++;
      scanChinese(t, first, out);
      abbreviation(t, first, out);
      scanLatin(t, out);
      if (out.size() > 1) out.sort((a, b) -> Integer.compare(a.start(), b.start()));
      return out;
    }

    private void scanChinese(String t, int first, List<Match> out) {
      Match previous = null;
      int i = first;
      while (i < t.length()) {
        if (t.charAt(i) < 0x2E80) {
          i++;
          continue;
        }
        boolean afterPlace = previous != null && previous.end() == i && (previous.names(Level.PROVINCE) || previous.names(Level.PREFECTURE));
        boolean partStart = i == 0 || separator(t.charAt(i - 1));
        Match best = null;
        Node node = trie;
        for (int j = i; j < t.length() && (node = node.child(t.charAt(j))) != null; j++) {
          if (node.names == null) continue;
          boolean wholePart = partStart && (j + 1 == t.length() || separator(t.charAt(j + 1)));
          List<Unit> units = node.names.usable(afterPlace || wholePart, i == first);
          if (!units.isEmpty()) best = new Match(i, j + 1, units);
        }
        if (best == null) {
          i++;
        } else {
          out.add(best);
          previous = best;
          i = best.end();
        }
      }
    }

    /** 沪, 粤 … as the whole first part of the text, or right before a place of the same province. */
    private void abbreviation(String t, int first, List<Match> out) {
      if (first >= t.length()) return;
      Unit unit = abbreviations.get(t.charAt(first));
      if (unit == null) return;
      for (Match m : out) if (m.start() == first) return;
      boolean alone = first + 1 == t.length() || separator(t.charAt(first + 1));
      boolean beforeOwnPlace = false;
      for (Match m : out) {
        if (m.start() != first + 1) continue;
        for (Unit u : m.units()) beforeOwnPlace |= u.province == unit && u.isPlace();
      }
      if (alone || beforeOwnPlace) out.add(0, new Match(first, first + 1, List.of(unit)));
    }

    private void scanLatin(String t, List<Match> out) {
      List<String> words = null;
      List<int[]> spans = null; // start, end, part
      int part = 0;
      StringBuilder word = new StringBuilder();
      int start = -1;
      for (int i = 0; i <= t.length(); i++) {
        char c = i < t.length() ? t.charAt(i) : ' ';
        if (c < 128 ? Character.isLetter(c) : Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN && Character.isLetter(c)) {
          if (start < 0) start = i;
          word.append(c < 128 ? Character.toLowerCase(c) : baseLetter(c));
        } else if (start >= 0 && (c == '\'' || c == '\u2019' || c == '\u02BC') && i + 1 < t.length() && Character.isLetter(t.charAt(i + 1))) {
          continue; // Xi'an
        } else {
          if (start >= 0) {
            if (words == null) {
              words = new ArrayList<>();
              spans = new ArrayList<>();
            }
            words.add(word.toString());
            spans.add(new int[] {start, i, part});
            word.setLength(0);
            start = -1;
          }
          if (c != ' ' && c != '\t') part++;
        }
      }
      if (words == null) return;
      int previousEnd = -1;
      boolean previousPlace = false;
      for (int w = 0; w < words.size(); ) {
        Match found = null;
        int used = 0;
        StringBuilder key = new StringBuilder();
        int span = 1;
        while (span < MAX_WORDS && w + span < words.size() && spans.get(w + span)[2] == spans.get(w)[2]) span++;
        Names[] candidates = new Names[span];
        for (int k = 0; k < span; k++) {
          key.append(words.get(w + k));
          candidates[k] = romanized.get(key.toString());
        }
        for (int k = candidates.length - 1; k >= 0 && found == null; k--) {
          if (candidates[k] == null) continue;
          int last = w + k;
          int next = last + 1;
          String suffix = next < words.size() && spans.get(next)[2] == spans.get(last)[2] ? words.get(next) : null;
          boolean wholePart = (w == 0 || spans.get(w - 1)[2] != spans.get(w)[2]) && (suffix == null);
          boolean context = wholePart || suffix != null && PLACE_WORDS.contains(suffix) || previousPlace && previousEnd == w - 1;
          // "Jian Shi" is 吉安市, not the county 建始: joined words ending in a suffix word name no county
          boolean endsInSuffix = k > 0 && (PLACE_WORDS.contains(words.get(last)) || PROVINCE_WORDS.contains(words.get(last)));
          List<Unit> units = kind(endsInSuffix ? candidates[k].strong : candidates[k].usable(context, false), suffix);
          if (units.isEmpty()) continue;
          found = new Match(spans.get(w)[0], spans.get(last)[1], units);
          used = k + 1 + (suffix != null && (PLACE_WORDS.contains(suffix) || PROVINCE_WORDS.contains(suffix)) ? 1 : 0);
        }
        if (found == null) {
          w++;
          continue;
        }
        out.add(found);
        previousPlace = found.names(Level.PROVINCE) || found.names(Level.PREFECTURE);
        previousEnd = w + used - 1;
        w += used;
      }
    }

    /** {@code Jilin City} is the city, {@code Jilin Province} the province. */
    private static List<Unit> kind(List<Unit> units, String suffix) {
      if (suffix == null || units.size() < 2) return units;
      boolean province = PROVINCE_WORDS.contains(suffix);
      if (!province && !PLACE_WORDS.contains(suffix)) return units;
      List<Unit> kept = new ArrayList<>(units.size());
      for (Unit u : units) if ((u.level == Level.PROVINCE) == province) kept.add(u);
      return kept.isEmpty() ? units : kept;
    }

    private static char baseLetter(char c) {
      String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      return Character.toLowerCase(base.charAt(0));
    }

    private static boolean separator(char c) {
      return !Character.isLetterOrDigit(c);
    }

    RegionInfo decide(List<Match> matches) {
      if (matches.isEmpty()) return null;
      for (Match m : matches) {
        Unit outside = null;
        boolean mainlandToo = false;
        for (Unit u : m.units()) {
          if (u.level == Level.OUTSIDE) outside = u;
          else mainlandToo = true;
        }
        if (outside != null && (!mainlandToo || !namesMainlandElsewhere(matches, m))) return outside.region;
      }
      // The province: the first name that is only a province, else the first that is one too
      // (Hainan, Qinghai: 海南州 of Qinghai; 吉林 alone: the province).
      Match named = null;
      for (Match m : matches) {
        if (m.names(Level.PROVINCE) && (named == null || named.units().size() > 1 && m.units().size() == 1)) named = m;
      }
      Unit province = null;
      if (named != null) for (Unit u : named.units()) if (u.level == Level.PROVINCE) province = u;
      for (Level level : new Level[] {Level.PREFECTURE, Level.COUNTY}) {
        for (Match m : matches) {
          if (m == named) continue; // 吉林 alone is the province; 吉林吉林 is the city in it
          RegionInfo place = place(m, level, province);
          if (place != null) return place;
        }
      }
      if (province != null) return province.region;
      for (Match m : matches) for (Unit u : m.units()) if (u.level == Level.MACRO) return u.region;
      return null;
    }

    private static boolean namesMainlandElsewhere(List<Match> matches, Match except) {
      for (Match m : matches) {
        if (m == except) continue;
        for (Unit u : m.units()) if (u.mainland()) return true;
      }
      return false;
    }

    /** The units of one name at one level within the named province; one, a ranked one, or what they share. */
    private static RegionInfo place(Match m, Level level, Unit province) {
      Unit only = null;
      int count = 0;
      Unit ranked = null;
      boolean rankTie = false;
      String sharedProvince = null;
      String sharedMacro = null;
      boolean provinceDiffers = false;
      boolean macroDiffers = false;
      for (Unit u : m.units()) {
        if (u.level != level || province != null && u.province != province) continue;
        if (only == null || !only.region.equals(u.region)) count++;
        if (only == null) {
          only = u;
          sharedProvince = u.region.province();
          sharedMacro = u.region.macro();
        }
        provinceDiffers |= !sharedProvince.equals(u.region.province());
        macroDiffers |= !sharedMacro.equals(u.region.macro());
        if (u.rank > 0) {
          if (ranked == null || u.rank < ranked.rank) {
            ranked = u;
            rankTie = false;
          } else if (u.rank == ranked.rank) {
            rankTie = true;
          }
        }
      }
      if (only == null) return null;
      if (count == 1) return only.region;
      if (ranked != null && !rankTie) return ranked.region;
      if (!provinceDiffers) return only.province.region;
      if (!macroDiffers) return new RegionInfo(sharedMacro, null, null, "CN");
      return null;
    }
  }
}
