package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
  void anUnknownRegionIsFlaggedAndRoutedAsUnknown(String region) {
    CleanLead lead = withRegion(region);

    assertEquals(RegionInfo.NONE, lead.region());
    assertEquals("未知", lead.region().macro());
    assertEquals(List.of(LeadCleaner.REGION_MISSING), lead.flags());
  }

  @Test
  void noRegionIsFlaggedToo() {
    CleanLead lead = withRegion(null);

    assertEquals(RegionInfo.UNKNOWN, lead.region().macro());
    assertTrue(lead.flags().contains(LeadCleaner.REGION_MISSING));
  }

  @Test
  void noIndustryIsFlagged() {
    CleanLead lead = LeadCleaner.clean(input("13800138000", null, "上海", null, null));

    assertEquals(List.of(LeadCleaner.INDUSTRY_MISSING), lead.flags());
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource(nullValues = "-", value = {
      "50万,      50-200万",
      "30万,      <50万",
      "50-200万,  50-200万",
      "100万以上, 50-200万",
      "300万以上, >200万",
      "¥30W,      <50万",
      "面议,      面议",
      "US$2M,     -",      // no band for a foreign currency
  })
  void theBudgetIsParsedAndBanded(String budget, String band) {
    CleanLead lead = withBudget(budget);

    assertEquals(BudgetParser.parse(budget).orElseThrow(), lead.budget());
    assertEquals(band, lead.budgetBand());
    assertFalse(lead.flags().contains(LeadCleaner.BUDGET_UNPARSED));
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
    assertEquals("制造", lead.industry());
    assertEquals("normal", lead.priority());
    assertEquals(LeadInput.Utm.EMPTY, lead.utm());
    assertEquals("203.0.113.7", lead.clientIp());
  }
}
