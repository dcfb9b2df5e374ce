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

    assertEquals("王工", merged.name());
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
  void mergingTheSameDeliveryChangesNothing() {
    CleanLead base = clean("王工", "13800138000", "wang@example.cn", "苏州精密", "上海", "工业自动化", "80万");

    assertEquals(base, LeadMerge.merge(base, base));
  }
}
