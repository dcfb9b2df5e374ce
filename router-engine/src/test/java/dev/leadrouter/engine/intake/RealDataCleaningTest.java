package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values as real Chinese and Western forms write them, through the whole cleaner (issue 14 §2): one
 * row per case, each checking the cleaned lead as the view shows it.
 */
class RealDataCleaningTest {

  private static CleanLead clean(String name, String phone, String region, String industry, String budget) {
    return LeadCleaner.clean(new LeadInput("web", "e", name, phone, null, null, region, industry, budget, null,
        LeadInput.Utm.EMPTY, null, null, Map.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "张老师/高三数学       | 张       | -     | 老师         | -          | -      | 张老师",
      "刘芳（市场经理）      | 刘芳     | -     | 市场经理     | -          | -      | -",
      "Li Na (Purchasing Manager) | Li Na | -   | Purchasing Manager | -    | -      | -",
      "王小明家长            | -        | -     | 家长         | -          | 王小明 | 王小明家长",
      "王小明妈妈            | -        | 妈妈  | 家长         | -          | 王小明 | 王小明妈妈",
      "王磊 Wang Lei         | 王磊     | -     | -            | Wang Lei   | -      | 王磊",
      "Dr. John Smith        | John Smith | Dr. | -            | -          | -      | Dr. John Smith",
      "李女士                | 李       | 女士  | -            | -          | -      | 李女士",
      "陈总                  | 陈       | -     | 总           | -          | -      | 陈总",
      "Mr. Wang              | Wang     | Mr.   | -            | -          | -      | Mr. Wang",
  })
  void names(String raw, String name, String honorific, String role, String alias, String student, String salutation) {
    CleanLead lead = clean(raw, "13800138000", null, null, null);
    assertEquals(name, lead.name(), "name");
    assertEquals(honorific, lead.honorific(), "honorific");
    assertEquals(role, lead.role(), "role");
    assertEquals(alias, lead.alias(), "alias");
    assertEquals(student, lead.student(), "student");
    if (salutation != null) assertEquals(salutation, lead.salutation(), "salutation");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "'Wuhan, Hubei'                  | 湖北省           | 武汉市",
      "'Shenzhen, Guangdong, China'    | 广东省           | 深圳市",
      "沪                              | 上海市           | -",
      "粤                              | 广东省           | -",
      "京                              | 北京市           | -",
      "乌鲁木齐                        | 新疆维吾尔自治区 | 乌鲁木齐市",
      "拉萨                            | 西藏自治区       | 拉萨市",
      "呼和浩特                        | 内蒙古自治区     | 呼和浩特市",
      "西宁                            | 青海省           | 西宁市",
      "银川                            | 宁夏回族自治区   | 银川市",
      "兰州                            | 甘肃省           | 兰州市",
      "哈尔滨                          | 黑龙江省         | 哈尔滨市",
      "Lhasa                           | 西藏自治区       | 拉萨市",
      "Urumqi                          | 新疆维吾尔自治区 | 乌鲁木齐市",
      "广东省深圳市南山区科技园        | 广东省           | 深圳市",
      "湖北武汉                        | 湖北省           | 武汉市",
      "深圳南山                        | 广东省           | 深圳市",
      "延边                            | 吉林省           | 延边朝鲜族自治州",
      "Chengdu                         | 四川省           | 成都市",
  })
  void regions(String raw, String province, String city) {
    RegionInfo region = clean("王工", "13800138000", raw, null, null).region();
    assertEquals(province, region.province(), "province");
    if (city != null) assertEquals(city, region.city(), "city");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "储能电池（工商业） | 新能源电池",
      "在线教育（高中）   | K12教育",
      "CRM软件（SaaS）    | SaaS",
      "电池PACK线         | 新能源电池",
      "工业机器人集成     | 工业自动化",
      "Industrial Automation | 工业自动化",
      "K12辅导            | K12教育",
  })
  void industries(String raw, String industry) {
    assertEquals(industry, clean("王工", "13800138000", null, raw, null).industry());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "50万        | 500000    | 500000    | CNY | true",
      "50-200万    | 500000    | 2000000   | CNY | true",
      "一百五十万  | 1500000   | 1500000   | CNY | true",
      "2亿         | 200000000 | 200000000 | CNY | true",
      "30W         | 300000    | 300000    | CNY | true",
      "5000元      | 5000      | 5000      | CNY | true",
      "$50k        | 50000     | 50000     | USD | false",
      "500000      | 500000    | 500000    | -   | false",
      "人民币80万  | 800000    | 800000    | CNY | false",
  })
  void budgets(String raw, Long min, Long max, String currency, boolean assumed) {
    CleanLead lead = clean("王工", "13800138000", null, null, raw);
    assertEquals(min, lead.budget().min(), "min");
    assertEquals(max, lead.budget().max(), "max");
    assertEquals(currency, lead.budget().currency(), "currency");
    assertEquals(assumed, lead.flags().contains(LeadCleaner.CURRENCY_ASSUMED), "CURRENCY_ASSUMED " + lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "138 0013 8000 / 139-0013-9000 | +8613800138000,+8613900139000",
      "+86 138 0013 8000             | +8613800138000",
      "0086 13800138000              | +8613800138000",
      "１３８００１３８０００          | +8613800138000",
      "021-6123 4567                 | +862161234567",
  })
  void phones(String raw, String phones) {
    assertEquals(java.util.List.of(phones.split(",")), clean("王工", raw, null, null, null).phones());
  }
}
