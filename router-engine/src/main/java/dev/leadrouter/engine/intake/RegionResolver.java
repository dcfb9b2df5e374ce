package dev.leadrouter.engine.intake;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Region text (macro region, province or a large city, Chinese or English, alone or inside an
 * address) → {@link RegionInfo}. Hong Kong, Macao and Taiwan are outside the mainland: their own
 * value, never a guess. When the text gives none, {@link #fromPhones} places a lead by its numbers.
 */
public final class RegionResolver {

  private record Province(String name, String macro, String english) {}

  private static final Map<String, Province> PROVINCES = new LinkedHashMap<>();
  private static final Map<String, String> CITIES = new LinkedHashMap<>();
  private static final Map<String, String> MACROS = new LinkedHashMap<>();
  private static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();

  static {
    province("北京市", "华北", "beijing");
    province("天津市", "华北", "tianjin");
    province("河北省", "华北", "hebei");
    province("山西省", "华北", "shanxi");
    province("内蒙古自治区", "华北", "inner mongolia");
    province("辽宁省", "东北", "liaoning");
    province("吉林省", "东北", "jilin");
    province("黑龙江省", "东北", "heilongjiang");
    province("上海市", "华东", "shanghai");
    province("江苏省", "华东", "jiangsu");
    province("浙江省", "华东", "zhejiang");
    province("安徽省", "华东", "anhui");
    province("福建省", "华东", "fujian");
    province("江西省", "华东", "jiangxi");
    province("山东省", "华东", "shandong");
    province("河南省", "华中", "henan");
    province("湖北省", "华中", "hubei");
    province("湖南省", "华中", "hunan");
    province("广东省", "华南", "guangdong");
    province("广西壮族自治区", "华南", "guangxi");
    province("海南省", "华南", "hainan");
    province("重庆市", "西南", "chongqing");
    province("四川省", "西南", "sichuan");
    province("贵州省", "西南", "guizhou");
    province("云南省", "西南", "yunnan");
    province("西藏自治区", "西南", "tibet");
    province("陕西省", "西北", "shaanxi");
    province("甘肃省", "西北", "gansu");
    province("青海省", "西北", "qinghai");
    province("宁夏回族自治区", "西北", "ningxia");
    province("新疆维吾尔自治区", "西北", "xinjiang");
    String[][] cities = {
      {"苏州", "江苏省"}, {"南京", "江苏省"}, {"无锡", "江苏省"}, {"常州", "江苏省"},
      {"杭州", "浙江省"}, {"宁波", "浙江省"}, {"温州", "浙江省"}, {"合肥", "安徽省"},
      {"厦门", "福建省"}, {"福州", "福建省"}, {"青岛", "山东省"}, {"济南", "山东省"},
      {"南昌", "江西省"}, {"深圳", "广东省"}, {"广州", "广东省"}, {"东莞", "广东省"},
      {"佛山", "广东省"}, {"珠海", "广东省"}, {"南宁", "广西壮族自治区"}, {"海口", "海南省"},
      {"武汉", "湖北省"}, {"长沙", "湖南省"}, {"郑州", "河南省"}, {"成都", "四川省"},
      {"贵阳", "贵州省"}, {"昆明", "云南省"}, {"西安", "陕西省"}, {"兰州", "甘肃省"},
      {"石家庄", "河北省"}, {"太原", "山西省"}, {"沈阳", "辽宁省"}, {"大连", "辽宁省"},
      {"长春", "吉林省"}, {"哈尔滨", "黑龙江省"}, {"乌鲁木齐", "新疆维吾尔自治区"}
    };
    for (String[] c : cities) CITIES.put(c[0], c[1]);
    for (String macro : new String[] {"华北", "东北", "华东", "华中", "华南", "西南", "西北"}) {
      MACROS.put(macro, macro);
    }
    MACROS.put("north china", "华北");
    MACROS.put("northeast china", "东北");
    MACROS.put("east china", "华东");
    MACROS.put("central china", "华中");
    MACROS.put("south china", "华南");
    MACROS.put("southwest china", "西南");
    MACROS.put("northwest china", "西北");
  }

  private static void province(String name, String macro, String english) {
    PROVINCES.put(name, new Province(name, macro, english));
  }

  private RegionResolver() {}

  /** The mainland macro regions (华东, 华北 …), each once. */
  public static java.util.Set<String> macroRegions() {
    return new java.util.LinkedHashSet<>(MACROS.values());
  }

  public static Optional<RegionInfo> resolve(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String t = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).strip();
    String lower = t.toLowerCase(Locale.ROOT);
    for (String[] outside : new String[][] {{"香港", "HK"}, {"hong kong", "HK"}, {"澳门", "MO"},
        {"macao", "MO"}, {"macau", "MO"}, {"台湾", "TW"}, {"taiwan", "TW"}}) {
      if (lower.contains(outside[0])) return Optional.of(new RegionInfo(RegionInfo.OUTSIDE_MAINLAND, null, null, outside[1]));
    }
    for (Map.Entry<String, String> city : CITIES.entrySet()) {
      if (t.contains(city.getKey())) {
        Province p = PROVINCES.get(city.getValue());
        return Optional.of(new RegionInfo(p.macro(), p.name(), city.getKey() + "市", "CN"));
      }
    }
    for (Province p : PROVINCES.values()) {
      String shortName = shortName(p.name());
      if (t.contains(shortName) || lower.equals(p.english()) || lower.startsWith(p.english() + " ")) {
        boolean municipality = p.name().endsWith("市");
        return Optional.of(new RegionInfo(p.macro(), p.name(), municipality ? p.name() : null, "CN"));
      }
    }
    for (Map.Entry<String, String> macro : MACROS.entrySet()) {
      if (lower.contains(macro.getKey())) return Optional.of(new RegionInfo(macro.getValue(), null, null, "CN"));
    }
    return Optional.empty();
  }

  private static String shortName(String full) {
    return full.replaceAll("(壮族自治区|回族自治区|维吾尔自治区|自治区|省|市)$", "");
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

  /** The geocoder's city when the tables know only the province: "江苏省连云港市" → 连云港市. */
  private static RegionInfo withCity(RegionInfo region, String place) {
    if (region.city() != null || region.province() == null) return region;
    String province = region.province();
    String rest = place.startsWith(province) ? place.substring(province.length())
        : place.startsWith(shortName(province)) ? place.substring(shortName(province).length()) : "";
    boolean city = rest.length() >= 2 && (rest.endsWith("市") || rest.endsWith("州") || rest.endsWith("地区") || rest.endsWith("盟"));
    return city ? new RegionInfo(region.macro(), province, rest, region.country()) : region;
  }
}
