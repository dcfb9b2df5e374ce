package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
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

  @ParameterizedTest(name = "[{index}] {0} → {1} {2} {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # text                                   | macro | province         | city
      # capitals of the west and north, Chinese and their names in use
      乌鲁木齐                                 | 西北  | 新疆维吾尔自治区 | 乌鲁木齐市
      Urumqi                                   | 西北  | 新疆维吾尔自治区 | 乌鲁木齐市
      Ürümqi                                   | 西北  | 新疆维吾尔自治区 | 乌鲁木齐市
      拉萨                                     | 西南  | 西藏自治区       | 拉萨市
      Lhasa                                    | 西南  | 西藏自治区       | 拉萨市
      Hohhot                                   | 华北  | 内蒙古自治区     | 呼和浩特市
      Xining                                   | 西北  | 青海省           | 西宁市
      Yinchuan                                 | 西北  | 宁夏回族自治区   | 银川市
      Lanzhou                                  | 西北  | 甘肃省           | 兰州市
      Harbin                                   | 东北  | 黑龙江省         | 哈尔滨市
      Kashgar                                  | 西北  | 新疆维吾尔自治区 | 喀什地区
      Nanning                                  | 华南  | 广西壮族自治区   | 南宁市
      # English and pinyin addresses
      Wuhan, Hubei                             | 华中  | 湖北省           | 武汉市
      Shenzhen, Guangdong, China               | 华南  | 广东省           | 深圳市
      Guangzhou, Guangdong Province, P.R. China| 华南  | 广东省           | 广州市
      Shen Zhen                                | 华南  | 广东省           | 深圳市
      Chengdu Sichuan                          | 西南  | 四川省           | 成都市
      SHENZHEN SHI                             | 华南  | 广东省           | 深圳市
      shenzhen                                 | 华南  | 广东省           | 深圳市
      Guangdong Province                       | 华南  | 广东省           | -
      Xi'an, Shaanxi                           | 西北  | 陕西省           | 西安市
      Xian                                     | 西北  | 陕西省           | 西安市
      Shanxi                                   | 华北  | 山西省           | -
      Shaanxi Province                         | 西北  | 陕西省           | -
      Inner Mongolia                           | 华北  | 内蒙古自治区     | -
      Tibet                                    | 西南  | 西藏自治区       | -
      Xinjiang Uygur Autonomous Region         | 西北  | 新疆维吾尔自治区 | -
      Nanning, Guangxi Zhuang Autonomous Region| 华南  | 广西壮族自治区   | 南宁市
      Ma'anshan, Anhui                         | 华东  | 安徽省           | 马鞍山市
      Beijing                                  | 华北  | 北京市           | 北京市
      Chaoyang District, Beijing               | 华北  | 北京市           | 北京市
      No. 1 Keyuan Road, Nanshan District, Shenzhen, Guangdong 518057, China | 华南 | 广东省 | 深圳市
      Nanshan District                         | -     | -                | -
      Kunshan, Jiangsu                         | 华东  | 江苏省           | 苏州市
      Kunshan                                  | 华东  | 江苏省           | 苏州市
      Pudong New Area, Shanghai                | 华东  | 上海市           | 上海市
      # romanizations shared by two prefectures: the named province picks, else the more populous
      Suzhou                                   | 华东  | 江苏省           | 苏州市
      Suzhou, Anhui                            | 华东  | 安徽省           | 宿州市
      Anhui Suzhou                             | 华东  | 安徽省           | 宿州市
      Taizhou                                  | 华东  | 浙江省           | 台州市
      Taizhou, Jiangsu                         | 华东  | 江苏省           | 泰州市
      Fuzhou, Jiangxi                          | 华东  | 江西省           | 抚州市
      Yichun, Heilongjiang                     | 东北  | 黑龙江省         | 伊春市
      Yulin, Shaanxi                           | 西北  | 陕西省           | 榆林市
      Jilin                                    | 东北  | 吉林省           | -
      Jilin City, Jilin Province               | 东北  | 吉林省           | 吉林市
      # Chinese addresses
      广东省深圳市南山区科技园                 | 华南  | 广东省           | 深圳市
      深圳南山                                 | 华南  | 广东省           | 深圳市
      湖北武汉                                 | 华中  | 湖北省           | 武汉市
      武汉市洪山区                             | 华中  | 湖北省           | 武汉市
      江苏昆山                                 | 华东  | 江苏省           | 苏州市
      昆山市花桥镇                             | 华东  | 江苏省           | 苏州市
      昆山花桥                                 | 华东  | 江苏省           | 苏州市
      浦东新区                                 | 华东  | 上海市           | 上海市
      北京朝阳                                 | 华北  | 北京市           | 北京市
      北京市朝阳区望京                         | 华北  | 北京市           | 北京市
      朝阳                                     | 东北  | 辽宁省           | 朝阳市
      重庆市渝北区                             | 西南  | 重庆市           | 重庆市
      湖北仙桃                                 | 华中  | 湖北省           | 仙桃市
      河南省济源市                             | 华中  | 河南省           | 济源市
      新疆石河子                               | 西北  | 新疆维吾尔自治区 | 石河子市
      延边州                                   | 东北  | 吉林省           | 延边朝鲜族自治州
      延边朝鲜族自治州延吉市                   | 东北  | 吉林省           | 延边朝鲜族自治州
      黔东南                                   | 西南  | 贵州省           | 黔东南苗族侗族自治州
      博州                                     | 西北  | 新疆维吾尔自治区 | 博尔塔拉蒙古自治州
      大兴安岭                                 | 东北  | 黑龙江省         | 大兴安岭地区
      锡林郭勒盟                               | 华北  | 内蒙古自治区     | 锡林郭勒盟
      阿里地区                                 | 西南  | 西藏自治区       | 阿里地区
      吉林                                     | 东北  | 吉林省           | -
      吉林吉林                                 | 东北  | 吉林省           | 吉林市
      吉林省吉林市                             | 东北  | 吉林省           | 吉林市
      海南                                     | 华南  | 海南省           | -
      海南州                                   | 西北  | 青海省           | 海南藏族自治州
      青海海南                                 | 西北  | 青海省           | 海南藏族自治州
      浙江西湖区                               | 华东  | 浙江省           | 杭州市
      福建鼓楼区                               | 华东  | 福建省           | 福州市
      江苏鼓楼区                               | 华东  | 江苏省           | -
      广东省苏州市                             | 华南  | 广东省           | -
      内蒙                                     | 华北  | 内蒙古自治区     | -
      呼市                                     | 华北  | 内蒙古自治区     | 呼和浩特市
      乌市                                     | 西北  | 新疆维吾尔自治区 | 乌鲁木齐市
      宝安                                     | 华南  | 广东省           | 深圳市
      上海市/江苏省                            | 华东  | 上海市           | 上海市
      # groups of provinces
      江浙沪                                   | 华东  | -                | -
      长三角                                   | 华东  | -                | -
      京津冀                                   | 华北  | -                | -
      东三省                                   | 东北  | -                | -
      珠三角                                   | 华南  | 广东省           | -
      # abbreviations: the whole field, or before a place of their province
      沪                                       | 华东  | 上海市           | 上海市
      粤                                       | 华南  | 广东省           | -
      京                                       | 华北  | 北京市           | 北京市
      津                                       | 华北  | 天津市           | 天津市
      冀                                       | 华北  | 河北省           | -
      晋                                       | 华北  | 山西省           | -
      蒙                                       | 华北  | 内蒙古自治区     | -
      辽                                       | 东北  | 辽宁省           | -
      吉                                       | 东北  | 吉林省           | -
      黑                                       | 东北  | 黑龙江省         | -
      苏                                       | 华东  | 江苏省           | -
      浙                                       | 华东  | 浙江省           | -
      皖                                       | 华东  | 安徽省           | -
      闽                                       | 华东  | 福建省           | -
      赣                                       | 华东  | 江西省           | -
      鲁                                       | 华东  | 山东省           | -
      豫                                       | 华中  | 河南省           | -
      鄂                                       | 华中  | 湖北省           | -
      湘                                       | 华中  | 湖南省           | -
      桂                                       | 华南  | 广西壮族自治区   | -
      琼                                       | 华南  | 海南省           | -
      渝                                       | 西南  | 重庆市           | 重庆市
      川                                       | 西南  | 四川省           | -
      蜀                                       | 西南  | 四川省           | -
      贵                                       | 西南  | 贵州省           | -
      黔                                       | 西南  | 贵州省           | -
      云                                       | 西南  | 云南省           | -
      滇                                       | 西南  | 云南省           | -
      藏                                       | 西南  | 西藏自治区       | -
      陕                                       | 西北  | 陕西省           | -
      秦                                       | 西北  | 陕西省           | -
      甘                                       | 西北  | 甘肃省           | -
      陇                                       | 西北  | 甘肃省           | -
      青                                       | 西北  | 青海省           | -
      宁                                       | 西北  | 宁夏回族自治区   | -
      新                                       | 西北  | 新疆维吾尔自治区 | -
      粤深圳                                   | 华南  | 广东省           | 深圳市
      沪 浦东                                  | 华东  | 上海市           | 上海市
      # an abbreviation inside another name is that name
      宁波                                     | 华东  | 浙江省           | 宁波市
      宁波市鄞州区                             | 华东  | 浙江省           | 宁波市
      青岛                                     | 华东  | 山东省           | 青岛市
      新乡                                     | 华中  | 河南省           | 新乡市
      黔南州                                   | 西南  | 贵州省           | 黔南布依族苗族自治州
      台州                                     | 华东  | 浙江省           | 台州市
      常州新北                                 | 华东  | 江苏省           | 常州市
      """)
  void placesOfEveryKindResolve(String text, String macro, String province, String city) {
    Optional<RegionInfo> expected = macro == null ? Optional.empty() : Optional.of(new RegionInfo(macro, province, city, "CN"));
    assertEquals(expected, RegionResolver.resolve(text));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      新北                 | TW
      新北市板桥区         | TW
      台北                 | TW
      台                   | TW
      港                   | HK
      澳                   | MO
      Macau                | MO
      Taipei, Taiwan       | TW
      Hong Kong SAR        | HK
      """)
  void outsideTheMainlandInAnyForm(String text, String country) {
    assertEquals(Optional.of(new RegionInfo(RegionInfo.OUTSIDE_MAINLAND, null, null, country)), RegionResolver.resolve(text));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "   ", "火星", "Mars", "Asia", "China", "中国", "京东", "新品", "云计算", "贵公司",
      "宁可", "青年", "园区东区", "厂区西区", "鼓楼区", "Purchasing Manager", "Sales Director, East", "unknown"})
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
