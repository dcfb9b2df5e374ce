package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
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
    assertEquals(List.of(LeadCleaner.CURRENCY_ASSUMED), merged.flags(),
        "region and industry are no longer missing; 80万 is CNY by its unit");
    assertEquals("src", merged.source());
  }

  @Test
  void aNameWithItsTitleFillsALeadThatHadOnlyATitleAndAttributesAndExtensionsAreUnited() {
    CleanLead base = LeadCleaner.clean(new LeadInput("form", "e1", "老师", "021-61234567转8", null, null, "上海", null,
        null, "normal", LeadInput.Utm.EMPTY, null, null, Map.of("grade", "高三", "campaign", "spring")));
    CleanLead touch = LeadCleaner.clean(new LeadInput("ads", "e2", "李女士", "021-61234567转9 / 13900139000", null, null,
        null, null, null, "normal", LeadInput.Utm.EMPTY, null, null, Map.of("campaign", "autumn", "gclid", "Cj0")));

    CleanLead merged = LeadMerge.merge(base, touch);

    assertEquals("李女士", merged.salutation());
    assertEquals(Map.of("+862161234567", "8"), merged.phoneExtensions(), "the lead's own extension is kept");
    assertEquals(Map.of("grade", "高三", "campaign", "spring", "gclid", "Cj0"), merged.attributes());
    assertEquals(false, merged.flags().contains(LeadCleaner.NAME_ROLE_ONLY));
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

  private static CleanLead from(String source, String name, String company, String region, String industry,
      String budget, String priority) {
    return LeadCleaner.clean(new LeadInput(source, "e-" + source, name, "13800138000", null, company, region, industry,
        budget, priority, LeadInput.Utm.EMPTY, null, null, Map.of()));
  }

  @Test
  void aKnownValueBeatsAnUnknownOneWhicheverArrivesFirst() {
    CleanLead vague = from("douyin", null, null, "未知", "什么都不是的行业", null, "normal");
    CleanLead known = from("hubspot", "李娜", "苏州精密", "苏州", "工业自动化", "80万", "normal");

    for (CleanLead merged : List.of(LeadMerge.merge(vague, known), LeadMerge.merge(known, vague))) {
      assertEquals("李娜", merged.name());
      assertEquals("苏州精密", merged.company());
      assertEquals("江苏省", merged.region().province());
      assertEquals("工业自动化", merged.industry());
      assertEquals(known.budget(), merged.budget());
      assertEquals("hubspot", merged.fieldSources().get("industry"), "the source that gave the chosen value");
      assertEquals("hubspot", merged.fieldSources().get("region"));
      assertEquals("hubspot", merged.fieldSources().get("company"));
    }
  }

  @Test
  void aMorePreciseValueBeatsAVaguerOne() {
    CleanLead vague = from("wecom", "张", "华为", "江苏", "工业自动化", "面议", "normal");
    CleanLead precise = from("web", "张伟", "华为技术有限公司", "江苏苏州", "工业自动化", "50-200万", "normal");

    for (CleanLead merged : List.of(LeadMerge.merge(vague, precise), LeadMerge.merge(precise, vague))) {
      assertEquals("张伟", merged.name(), "a full name beats a surname");
      assertEquals("华为技术有限公司", merged.company());
      assertEquals("苏州市", merged.region().city(), "a city beats its province alone");
      assertEquals(500_000L, merged.budget().min(), "a range beats 面议");
      assertEquals("50-200万", merged.budgetBand());
      assertEquals("web", merged.fieldSources().get("budget"));
    }
    assertEquals("wecom", LeadMerge.merge(vague, precise).fieldSources().get("industry"), "a tie keeps the lead's own");
  }

  @Test
  void theHigherPriorityWinsAndAnHonorificSurvivesTheMerge() {
    CleanLead first = from("web", "Dr. Smith", null, null, null, null, "normal");
    CleanLead second = from("ads", "Smith", null, null, null, null, "urgent");

    CleanLead merged = LeadMerge.merge(first, second);

    assertEquals("urgent", merged.priority());
    assertEquals("Dr. Smith", merged.salutation());
    assertEquals("Dr. Smith", LeadMerge.merge(second, first).salutation(), "whichever arrived first");
  }

  @Test
  void theHonorificIsRecordedAsComingFromTheDeliveryWhoseValueWasKept() {
    CleanLead first = from("web", "Mr. Wang", null, null, null, null, "normal");
    CleanLead fuller = from("ads", "Dr. Wang Lei", null, null, null, null, "normal");

    CleanLead merged = LeadMerge.merge(first, fuller);

    assertEquals("Wang Lei", merged.name());
    assertEquals("Dr.", merged.honorific(), "the honorific goes with the name kept");
    assertEquals("ads", merged.fieldSources().get("name"));
    assertEquals("ads", merged.fieldSources().get("honorific"));
    assertEquals("web", LeadMerge.merge(first, from("ads", "Wang", null, null, null, null, "normal"))
        .fieldSources().get("honorific"), "a name that adds nothing leaves the lead's own honorific");
  }
}
