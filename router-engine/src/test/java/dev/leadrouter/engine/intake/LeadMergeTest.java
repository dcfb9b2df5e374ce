package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadMergeTest {

  private static CleanLead clean(String name, String phone, String email, String company, String region,
      String industry, String budget) {
    return LeadCleaner.clean(new LeadInput("src", "e", name, phone, email, company, region, industry, budget, "normal",
        LeadInput.Utm.EMPTY, null, null, Map.of()));
  }

  @Test
  void theNewDeliveryFillsWhatTheLeadLackedAndNeverOverwrites() {
    CleanLead base = clean("王工", "13800138000", null, null, null, null, "80万");
    CleanLead touch = clean("王先生", "13900139000", "wang@example.cn", "苏州精密", "上海", "工业自动化", "300万");

    CleanLead merged = LeadMerge.merge(base, touch);

    assertEquals("王", merged.name(), "王工 cleaned: the role 工 is not part of the name");
    assertEquals(List.of("+8613800138000", "+8613900139000"), merged.phones());
    assertEquals(List.of("wang@example.cn"), merged.emails());
    assertEquals("苏州精密", merged.company());
    assertEquals("华东", merged.region().macro());
    assertEquals("工业自动化", merged.industry());
    assertEquals(base.budget(), merged.budget());
    assertEquals("50-200万", merged.budgetBand());
    assertEquals(List.of(), merged.flags(), "region and industry are no longer missing");
    assertEquals("src", merged.source());
  }

  @Test
  void aRegionTheNewDeliveryStatesReplacesOneDerivedFromThePhone() {
    CleanLead base = clean("王工", "13800138000", null, null, null, null, null);
    CleanLead touch = clean("王工", "13800138000", null, null, "深圳", null, null);

    CleanLead merged = LeadMerge.merge(base, touch);

    assertEquals("华北", base.region().macro(), "138 0013 8000 is a Beijing number");
    assertEquals(new RegionInfo("华南", "广东省", "深圳市", "CN"), merged.region());
    assertEquals(List.of(LeadCleaner.INDUSTRY_MISSING), merged.flags());
  }

  @Test
  void aStatedRegionIsNeverReplacedByOneDerivedFromThePhone() {
    CleanLead base = clean("王工", "13800138000", null, null, "深圳", null, null);
    CleanLead touch = clean("王工", "13900139000", null, null, null, null, null);

    CleanLead merged = LeadMerge.merge(base, touch);

    assertEquals(base.region(), merged.region());
    assertEquals(List.of(LeadCleaner.INDUSTRY_MISSING), merged.flags());
  }

  @Test
  void aRegionDerivedFromTheNewDeliverysPhoneFillsAnUnknownOneAndSaysSo() {
    CleanLead base = clean("王工", null, "wang@example.cn", null, null, null, null);
    CleanLead touch = clean("王工", "075588889999", null, null, null, null, null);

    CleanLead merged = LeadMerge.merge(base, touch);

    assertEquals(new RegionInfo("华南", "广东省", "深圳市", "CN"), merged.region());
    assertEquals(List.of(LeadCleaner.INDUSTRY_MISSING, LeadCleaner.REGION_FROM_PHONE), merged.flags());
  }

  @Test
  void mergingTheSameDeliveryChangesNothing() {
    CleanLead base = clean("王工", "13800138000", "wang@example.cn", "苏州精密", "上海", "工业自动化", "80万");

    assertEquals(base, LeadMerge.merge(base, base));
  }
}
