package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
