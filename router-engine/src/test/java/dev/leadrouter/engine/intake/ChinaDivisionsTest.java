package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The completeness proof of {@link RegionResolver}: every province, prefecture-level unit and
 * county-level unit in {@code china-divisions.csv} resolves to its province and city, by Chinese
 * name, short name and pinyin. Reads the file itself, apart from the resolver.
 */
class ChinaDivisionsTest {

  private record Row(String code, String level, String parent, String name, String shortName, String pinyin) {}

  private static final Map<String, Row> BY_CODE = new LinkedHashMap<>();
  private static final Map<String, List<Row>> BY_PINYIN = new HashMap<>();
  private static final Map<String, List<Row>> BY_COUNTY_NAME = new HashMap<>();

  @BeforeAll
  static void readTheData() throws IOException {
    try (InputStream in = RegionResolver.class.getResourceAsStream("china-divisions.csv")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      reader.lines().filter(l -> !l.startsWith("#") && !l.startsWith("code,")).forEach(line -> {
        String[] f = line.split(",", -1);
        Row row = new Row(f[0], f[1], f[2], f[3], f[4], f[5]);
        BY_CODE.put(row.code(), row);
        if (row.level().equals("province") || row.level().equals("prefecture")) {
          BY_PINYIN.computeIfAbsent(row.pinyin(), k -> new ArrayList<>()).add(row);
        }
        if (row.level().equals("county")) BY_COUNTY_NAME.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row);
      });
    }
  }

  private static List<Row> rows(String level) {
    return BY_CODE.values().stream().filter(r -> r.level().equals(level)).toList();
  }

  private static Row province(Row row) {
    Row up = row;
    while (!up.level().equals("province")) up = BY_CODE.get(up.parent());
    return up;
  }

  private static String macro(Row row) {
    return province(row).parent();
  }

  private static String capitalized(String pinyin) {
    return Character.toUpperCase(pinyin.charAt(0)) + pinyin.substring(1);
  }

  @Test
  void theDataHoldsEveryDivisionOfTheMainland() {
    assertEquals(31, rows("province").size());
    // 293 prefecture-level cities, 30 autonomous prefectures, 7 prefectures (地区), 3 leagues (盟)
    assertEquals(333, rows("prefecture").size());
    Map<String, Long> kinds = rows("prefecture").stream().collect(Collectors.groupingBy(
        r -> r.name().endsWith("自治州") ? "自治州" : r.name().endsWith("地区") ? "地区" : r.name().endsWith("盟") ? "盟" : "市",
        Collectors.counting()));
    assertEquals(Map.of("市", 293L, "自治州", 30L, "地区", 7L, "盟", 3L), kinds);
    assertTrue(rows("county").size() > 2800, () -> rows("county").size() + " county-level units");
    assertEquals(List.of("华北", "东北", "华东", "华中", "华南", "西南", "西北"), List.copyOf(RegionResolver.macroRegions()));
  }

  @Test
  void everyProvinceResolvesByNameShortNamePinyinAndAbbreviation() {
    for (Row p : rows("province")) {
      RegionInfo expected = new RegionInfo(p.parent(), p.name(), p.name().endsWith("市") ? p.name() : null, "CN");
      assertEquals(Optional.of(expected), RegionResolver.resolve(p.name()), p.name());
      assertEquals(Optional.of(expected), RegionResolver.resolve(p.shortName()), p.shortName());
      assertEquals(Optional.of(expected), RegionResolver.resolve(capitalized(p.pinyin())), p.pinyin());
      assertEquals(Optional.of(expected), RegionResolver.resolve(capitalized(p.pinyin()) + " Province, China"), p.pinyin());
    }
  }

  @Test
  void everyPrefectureLevelUnitResolvesToItsProvince() {
    for (Row c : rows("prefecture")) {
      Row p = province(c);
      RegionInfo expected = new RegionInfo(macro(c), p.name(), c.name(), "CN");
      assertEquals(Optional.of(expected), RegionResolver.resolve(c.name()), c.name());
      assertEquals(Optional.of(expected), RegionResolver.resolve(p.name() + c.name() + "人民路1号"), c.name());
      assertEquals(Optional.of(expected), RegionResolver.resolve(p.shortName() + c.shortName()), c.shortName());
      assertEquals(Optional.of(expected), RegionResolver.resolve(capitalized(c.pinyin()) + ", " + capitalized(p.pinyin()) + ", China"), c.pinyin());
      boolean shortIsAProvince = rows("province").stream().anyMatch(o -> o.shortName().equals(c.shortName()));
      if (!shortIsAProvince) assertEquals(Optional.of(expected), RegionResolver.resolve(c.shortName()), c.shortName());
      List<Row> sameRomanization = BY_PINYIN.get(c.pinyin());
      if (sameRomanization.size() == 1) {
        assertEquals(Optional.of(expected), RegionResolver.resolve(c.pinyin().toUpperCase() + " SHI"), c.pinyin());
      }
    }
  }

  @Test
  void everyCountyLevelUnitResolvesToItsCity() {
    for (Row county : rows("county")) {
      Row p = province(county);
      Row parent = BY_CODE.get(county.parent());
      String city = parent.level().equals("prefecture") ? parent.name() : p.name().endsWith("市") ? p.name() : county.name();
      RegionInfo expected = new RegionInfo(macro(county), p.name(), city, "CN");
      String prefix = parent.level().equals("prefecture") ? p.name() + parent.name() : p.name();
      assertEquals(Optional.of(expected), RegionResolver.resolve(prefix + county.name()), county.name());
      if (BY_COUNTY_NAME.get(county.name()).size() == 1 && county.name().length() > 2) {
        assertEquals(Optional.of(expected), RegionResolver.resolve(county.name()), county.name());
      }
      boolean uniqueInProvince = BY_COUNTY_NAME.get(county.name()).stream().filter(r -> province(r) == p).count() == 1;
      if (uniqueInProvince) assertEquals(Optional.of(expected), RegionResolver.resolve(p.name() + county.name()), p.name() + county.name());
    }
  }

  @Test
  void aMunicipalityIsItsOwnCity() {
    for (String m : Set.of("北京", "天津", "上海", "重庆")) {
      assertEquals(m + "市", RegionResolver.resolve(m).orElseThrow().city(), m);
    }
  }
}
