package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionResolverTest {

  @ParameterizedTest(name = "[{index}] {0} → {1} {2} {3} {4}")
  @CsvSource(nullValues = "-", value = {
      // text,                 macro, province,     city,    country
      "上海,                   华东,  上海市,       上海市,  CN",
      "上海市,                 华东,  上海市,       上海市,  CN",
      "上海市浦东新区张江路1号, 华东,  上海市,       上海市,  CN",
      "北京,                   华北,  北京市,       北京市,  CN",
      "苏州工业园区,           华东,  江苏省,       苏州市,  CN",
      "广东省深圳市南山区,     华南,  广东省,       深圳市,  CN",   // the city is found before the province
      "江苏,                   华东,  江苏省,       -,       CN",
      "广西,                   华南,  广西壮族自治区, -,     CN",
      "内蒙古,                 华北,  内蒙古自治区, -,       CN",
      "陕西,                   西北,  陕西省,       -,       CN",
      "山西,                   华北,  山西省,       -,       CN",
      "Guangdong,              华南,  广东省,       -,       CN",
      "shanghai,               华东,  上海市,       上海市,  CN",
      "Jiangsu Province,       华东,  江苏省,       -,       CN",
      "east china,             华东,  -,            -,       CN",
      "East China,             华东,  -,            -,       CN",
      "northeast china,        东北,  -,            -,       CN",
      "southwest china,        西南,  -,            -,       CN",
      "华南,                   华南,  -,            -,       CN",
      "香港,                   境外,  -,            -,       HK",
      "Hong Kong,              境外,  -,            -,       HK",
      "澳门,                   境外,  -,            -,       MO",
      "台湾台北,               境外,  -,            -,       TW",
      "　上海　,               华东,  上海市,       上海市,  CN",   // full-width spaces
  })
  void regionTextResolves(String text, String macro, String province, String city, String country) {
    assertEquals(Optional.of(new RegionInfo(macro, province, city, country)), RegionResolver.resolve(text));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "   ", "火星", "Mars", "Asia"})
  void unknownTextResolvesToNothing(String text) {
    assertEquals(Optional.empty(), RegionResolver.resolve(text));
  }

  @Test
  void noTextResolvesToNothing() {
    assertEquals(Optional.empty(), RegionResolver.resolve(null));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1} {2} {3} {4}")
  @CsvSource(nullValues = "-", value = {
      // numbers (E.164),               macro, province,     city,       country
      "+8613800138000,                  华北,  北京市,       北京市,     CN",
      "+8613812345678,                  华东,  江苏省,       连云港市,   CN",   // the city from the geocoder
      "+8675588889999,                  华南,  广东省,       深圳市,     CN",
      "+862161234567,                   华东,  上海市,       上海市,     CN",
      "+869318888888,                   西北,  甘肃省,       兰州市,     CN",
      "+864718888888,                   华北,  内蒙古自治区, 呼和浩特市, CN",
      "+85291234567,                    境外,  -,            -,          HK",
      "+85366123456,                    境外,  -,            -,          MO",
      "+886912345678,                   境外,  -,            -,          TW",
      "+16175550100,                    境外,  -,            -,          US",
      "+85291234567 +8613912345678,     华东,  江苏省,       常州市,     CN",   // the first mainland number
      "+8617012345678 +8613800138000,   华北,  北京市,       北京市,     CN",   // 170 places no one: the next does
  })
  void phonesPlaceALead(String e164s, String macro, String province, String city, String country) {
    assertEquals(Optional.of(new RegionInfo(macro, province, city, country)),
        RegionResolver.fromPhones(Arrays.asList(e164s.split(" "))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      "+8617012345678",                  // a mainland number the geocoder cannot place
      "+8617012345678 +85291234567",     // … is not outside the mainland because another one is
      "not-a-number",
  })
  void phonesThatPlaceNoOneGiveNoRegion(String e164s) {
    assertEquals(Optional.empty(), RegionResolver.fromPhones(Arrays.asList(e164s.split(" "))));
  }

  @Test
  void noPhonesGiveNoRegion() {
    assertEquals(Optional.empty(), RegionResolver.fromPhones(List.of()));
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String text : FuzzStrings.generate(20261130L)) {
      assertDoesNotThrow(() -> RegionResolver.resolve(text), () -> PhoneCleanerTest.describe(text));
      assertDoesNotThrow(() -> RegionResolver.fromPhones(PhoneCleaner.clean(text).numbers()), () -> PhoneCleanerTest.describe(text));
    }
  }
}
