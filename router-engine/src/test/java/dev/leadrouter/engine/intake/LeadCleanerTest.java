package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadCleanerTest {

  private static LeadInput input(String phone, String email, String region, String industry, String budget) {
    return new LeadInput("web-form", "evt-1", "张三", phone, email, "ACME", region, industry, budget, "normal",
        LeadInput.Utm.EMPTY, "203.0.113.7", "notes", Map.of());
  }

  private static CleanLead withPhone(String phone) {
    return LeadCleaner.clean(input(phone, null, "上海", "制造", null));
  }

  private static CleanLead withEmail(String email) {
    return LeadCleaner.clean(input(null, email, "上海", "制造", null));
  }

  private static CleanLead withRegion(String region) {
    return LeadCleaner.clean(input("13800138000", null, region, "制造", null));
  }

  private static CleanLead withBudget(String budget) {
    return LeadCleaner.clean(input("13800138000", null, "上海", "制造", budget));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"13800138000", "+86 138 0013 8000", "0086-13800138000", "１３８００１３８０００",
      "+86-138-0013-8000", "(+86) 13800138000"})
  void phonesBecomeE164(String phone) {
    CleanLead lead = withPhone(phone);

    assertEquals(List.of("+8613800138000"), lead.phones());
    assertEquals(List.of(), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"138****5678", "138xxxx5678", "138-XX-5678", "138××××5678"})
  void aMaskedPhoneIsFlaggedAndNeverCompleted(String phone) {
    CleanLead lead = withPhone(phone);

    assertEquals(List.of(), lead.phones());
    assertEquals(List.of(LeadCleaner.PHONE_MASKED), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"12345", "phone", "1380013800", "+86 999 9999 9999"})
  void anInvalidPhoneIsFlagged(String phone) {
    CleanLead lead = withPhone(phone);

    assertEquals(List.of(), lead.phones());
    assertEquals(List.of(LeadCleaner.PHONE_INVALID), lead.flags());
  }

  @Test
  void e164KeepsForeignNumbersWithTheirCountryCode() {
    assertEquals("+14155552671", LeadCleaner.e164("+1 415-555-2671").orElseThrow());
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource({"' A@B.CN ', a@b.cn", "Zhang.San@Example.COM, zhang.san@example.com", "ａ@ｂ.ｃｎ, a@b.cn"})
  void anEmailIsTrimmedAndLowerCased(String email, String clean) {
    CleanLead lead = withEmail(email);

    assertEquals(List.of(clean), lead.emails());
    assertEquals(List.of(), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"not-an-email", "a@b", "a b@c.cn", "a@@b.cn", "@b.cn"})
  void anInvalidEmailIsFlagged(String email) {
    CleanLead lead = withEmail(email);

    assertEquals(List.of(), lead.emails());
    assertEquals(List.of(LeadCleaner.EMAIL_INVALID), lead.flags());
  }

  @Test
  void theRegionIsResolved() {
    assertEquals(new RegionInfo("华东", "江苏省", "苏州市", "CN"), withRegion("苏州工业园区").region());
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "火星"})
  void anUnknownRegionWithoutAPhoneIsFlaggedAndRoutedAsUnknown(String region) {
    CleanLead lead = LeadCleaner.clean(input(null, "a@b.cn", region, "制造", null));

    assertEquals(RegionInfo.NONE, lead.region());
    assertEquals("未知", lead.region().macro());
    assertEquals(List.of(LeadCleaner.REGION_MISSING), lead.flags());
  }

  @Test
  void noRegionIsFlaggedToo() {
    CleanLead lead = LeadCleaner.clean(input(null, "a@b.cn", null, "制造", null));

    assertEquals(RegionInfo.UNKNOWN, lead.region().macro());
    assertTrue(lead.flags().contains(LeadCleaner.REGION_MISSING));
  }

  @ParameterizedTest(name = "[{index}] {0} ''{1}'' → {2} {3} {4} {5}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # phone                  | region text | macro | province     | city     | country
      13800138000              | -           | 华北  | 北京市       | 北京市   | CN
      13800138000              | ''          | 华北  | 北京市       | 北京市   | CN
      13800138000              | 火星        | 华北  | 北京市       | 北京市   | CN
      (0755)8888 9999          | -           | 华南  | 广东省       | 深圳市   | CN
      021-6123 4567            | -           | 华东  | 上海市       | 上海市   | CN
      13812345678              | -           | 华东  | 江苏省       | 连云港市 | CN
      0471-8888888             | -           | 华北  | 内蒙古自治区 | 呼和浩特市 | CN
      +852 9123 4567           | -           | 境外  | -            | -        | HK
      +886 912 345 678         | -           | 境外  | -            | -        | TW
      +1 617 555 0100          | -           | 境外  | -            | -        | US
      +852 9123 4567 / 13912345678 | -       | 华东  | 江苏省       | 常州市   | CN
      """)
  void withoutARegionTextTheRegionComesFromThePhone(String phone, String region, String macro, String province,
      String city, String country) {
    CleanLead lead = LeadCleaner.clean(input(phone, null, region, "SaaS", null));

    assertEquals(new RegionInfo(macro, province, city, country), lead.region());
    assertEquals(List.of(LeadCleaner.REGION_FROM_PHONE), lead.flags());
  }

  @Test
  void theRegionTextBeatsThePhone() {
    CleanLead lead = LeadCleaner.clean(input("075588889999", null, "上海", "SaaS", null));

    assertEquals("上海市", lead.region().province());
    assertEquals(List.of(), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"17012345678", "138****5678", "12345"})
  void aPhoneThatPlacesNoOneLeavesTheRegionMissing(String phone) {
    CleanLead lead = LeadCleaner.clean(input(phone, null, null, "SaaS", null));

    assertEquals(RegionInfo.NONE, lead.region());
    assertTrue(lead.flags().contains(LeadCleaner.REGION_MISSING));
    assertFalse(lead.flags().contains(LeadCleaner.REGION_FROM_PHONE));
  }

  @Test
  void noIndustryIsFlagged() {
    CleanLead lead = LeadCleaner.clean(input("13800138000", null, "上海", null, null));

    assertEquals(List.of(LeadCleaner.INDUSTRY_MISSING), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(nullValues = "-", value = {"工业自动化, 工业自动化", "PLC, 工业自动化", "锂电, 新能源电池", "saas, SaaS",
      "课外辅导, K12教育", "制造, OTHER", "工业, OTHER"})
  void theIndustryIsMappedToTheTaxonomy(String industry, String canonical) {
    CleanLead lead = LeadCleaner.clean(input("13800138000", null, "上海", industry, null));

    assertEquals(canonical, lead.industry());
    assertEquals(List.of(), lead.flags(), "an unknown industry is OTHER, not missing");
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # phone field                         | phones                              | flags
      13800138000/021-6123 4567             | +8613800138000 +862161234567        | -
      13900139000 或 13800138000             | +8613900139000 +8613800138000       | -
      021-61234567转123                      | +862161234567                       | PHONE_EXTENSION
      13800138000 / 138****5678             | +8613800138000                      | PHONE_MASKED
      13800138000 / 12345                   | +8613800138000                      | PHONE_INVALID
      """)
  void everyNumberOfAPhoneFieldIsKeptTheFirstPrimary(String phone, String phones, String flags) {
    CleanLead lead = withPhone(phone);

    assertEquals(List.of(phones.split(" ")), lead.phones());
    assertEquals(flags == null ? List.of() : List.of(flags.split(" ")), lead.flags());
  }

  @Test
  void everyAddressOfAnEmailFieldIsKeptAndABadOneFlagged() {
    CleanLead lead = withEmail("王工 <Wang@X.cn>; li@y.cn。; not-an-email");

    assertEquals(List.of("wang@x.cn", "li@y.cn"), lead.emails());
    assertEquals(List.of(LeadCleaner.EMAIL_INVALID), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # name field            | name    | honorific | role | tags           | salutation | flags
      张三                     | 张三    | -         | -    | -              | 张三       | -
      王总                     | 王      | -         | 总   | -              | 王总       | -
      李女士                   | 李      | 女士      | -    | -              | 李女士     | -
      ' 王工（经理） '          | 王      | -         | 工   | 经理           | 王工       | -
      张老师/高三数学          | 张      | -         | 老师 | 高三数学        | 张老师     | -
      欧阳老师                 | 欧阳    | -         | 老师 | -              | 欧阳老师   | -
      王小明 (Xiaoming Wang)   | 王小明  | -         | -    | -              | 王小明     | -
      Mr. Wang                | Wang    | Mr.       | -    | -              | Mr. Wang   | -
      老师                     | -       | -         | 老师 | -              | -          | NAME_ROLE_ONLY
      先生                     | -       | 先生      | -    | -              | -          | NAME_ROLE_ONLY
      😀                       | -       | -         | -    | -              | -          | -
      -                       | -       | -         | -    | -              | -          | -
      """)
  void theNameIsCleanedAndItsHonorificRoleAndTagsAreKeptApart(String name, String clean, String honorific, String role,
      String tag, String salutation, String flags) {
    CleanLead lead = LeadCleaner.clean(new LeadInput("web-form", "evt-1", name, "13800138000", null, "ACME", "上海",
        "SaaS", null, "normal", LeadInput.Utm.EMPTY, null, null, Map.of()));

    assertEquals(clean, lead.name());
    assertEquals(honorific, lead.honorific());
    assertEquals(role, lead.role());
    assertEquals(tag == null ? List.of() : List.of(tag), lead.nameTags());
    assertEquals(salutation, lead.salutation());
    assertEquals(flags == null ? List.of() : List.of(flags), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # name field    | role | honorific | flags
      王小明妈妈       | 家长 | 妈妈      | -
      王小明家长       | 家长 | -         | -
      宝妈            | 家长 | 妈妈      | NAME_ROLE_ONLY
      家长            | 家长 | -         | NAME_ROLE_ONLY
      """)
  void aParentIsNamedByTheStudentAndOnlyAParentWithoutStudentIsRoleOnly(String name, String role, String honorific,
      String flags) {
    CleanLead lead = LeadCleaner.clean(new LeadInput("web-form", "evt-1", name, "13800138000", null, "ACME", "上海",
        "SaaS", null, "normal", LeadInput.Utm.EMPTY, null, null, Map.of()));

    assertNull(lead.name());
    assertEquals(role, lead.role());
    assertEquals(honorific, lead.honorific());
    assertEquals(flags == null ? List.of() : List.of(flags), lead.flags());
  }

  @Test
  void theSourcesAttributesAndTagsAndThePhonesExtensionsAreCarried() {
    CleanLead lead = LeadCleaner.clean(new LeadInput("web-form", "evt-1", "张三", "021-61234567转8012 / 13800138000",
        null, "ACME", "上海", "SaaS", null, "normal", LeadInput.Utm.EMPTY, null, null,
        Map.of("gclid", "Cj0KCQ", "tags", "trade-show, vip ,")));

    assertEquals(Map.of("gclid", "Cj0KCQ", "tags", "trade-show, vip ,"), lead.attributes());
    assertEquals(List.of("trade-show", "vip"), lead.tags());
    assertEquals(List.of("+862161234567", "+8613800138000"), lead.phones());
    assertEquals(Map.of("+862161234567", "8012"), lead.phoneExtensions());
  }

  @ParameterizedTest(name = "[{index}] {0} → {1} {2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # budget      | band      | flags
      50万          | 50-200万  | CURRENCY_ASSUMED
      30万          | <50万     | CURRENCY_ASSUMED
      50-200万      | 50-200万  | CURRENCY_ASSUMED
      100万以上     | 50-200万  | CURRENCY_ASSUMED
      300万以上     | >200万    | CURRENCY_ASSUMED
      五十万        | 50-200万  | CURRENCY_ASSUMED
      30000元       | <50万     | CURRENCY_ASSUMED
      ¥30W          | <50万     | -
      人民币300万   | >200万    | -
      ¥500000       | 50-200万  | -
      面议          | 面议      | -
      USD 面议      | 面议      | -
      US$2M         | -         | -
      50万美元      | -         | -
      500000        | -         | -
      50-100        | -         | -
      """)
  void theBudgetIsParsedBandedInCnyAndAnAssumedCurrencyFlagged(String budget, String band, String flags) {
    CleanLead lead = withBudget(budget);

    assertEquals(BudgetParser.parse(budget).orElseThrow(), lead.budget());
    assertEquals(band, lead.budgetBand(), "bands are CNY: a foreign currency or a bare number has none");
    assertEquals(flags == null ? List.of() : List.of(flags), lead.flags());
  }

  @Test
  void anUnparsableBudgetIsFlaggedAndHasNoBand() {
    CleanLead lead = withBudget("abc");

    assertNull(lead.budget());
    assertNull(lead.budgetBand());
    assertEquals(List.of(LeadCleaner.BUDGET_UNPARSED), lead.flags());
  }

  @Test
  void noBudgetIsNotAFault() {
    CleanLead lead = withBudget(null);

    assertNull(lead.budget());
    assertEquals(List.of(), lead.flags());
  }

  @Test
  void lessThanFiftyWanIsInTheUnderFiftyWanBand() {
    assertEquals("<50万", withBudget("<50万").budgetBand());
  }

  @Test
  void everyProblemIsAFlagNotARejection() {
    CleanLead lead = LeadCleaner.clean(input("138****5678", "not-an-email", "火星", null, "abc"));

    assertEquals(List.of(LeadCleaner.PHONE_MASKED, LeadCleaner.EMAIL_INVALID, LeadCleaner.REGION_MISSING,
        LeadCleaner.INDUSTRY_MISSING, LeadCleaner.BUDGET_UNPARSED), lead.flags());
  }

  @Test
  void theOtherFieldsAreCarriedOver() {
    CleanLead lead = withBudget("50万");

    assertEquals("web-form", lead.source());
    assertEquals("evt-1", lead.sourceEventId());
    assertEquals("张三", lead.name());
    assertEquals("ACME", lead.company());
    assertEquals("normal", lead.priority());
    assertEquals(LeadInput.Utm.EMPTY, lead.utm());
    assertEquals("203.0.113.7", lead.clientIp());
  }

  @Test
  void neverThrowsOnRandomAndAdversarialLeads() {
    List<String> texts = FuzzStrings.generate(20261129L);
    Random random = new Random(20261129L);
    for (int i = 0; i < texts.size(); i++) {
      String[] f = new String[6];
      for (int j = 0; j < f.length; j++) f[j] = j == 0 ? texts.get(i) : texts.get(random.nextInt(texts.size()));
      LeadInput in = new LeadInput("fuzz", "e-" + i, f[1], f[0], f[2], null, f[3], f[4], f[5], "normal",
          LeadInput.Utm.EMPTY, null, null, Map.of());
      CleanLead lead = assertDoesNotThrow(() -> LeadCleaner.clean(in), () -> "lead " + in);
      assertTrue(lead.region() != null, () -> "lead " + in);
      assertEquals(lead.flags().stream().distinct().toList(), lead.flags(), () -> "lead " + in);
    }
  }
}
