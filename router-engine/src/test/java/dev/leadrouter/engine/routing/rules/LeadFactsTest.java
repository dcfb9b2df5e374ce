package dev.leadrouter.engine.routing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What routing reads of a cleaned lead. */
class LeadFactsTest {

  @Test
  void aCleanedLeadGivesEveryFieldRulesCanTest() {
    CleanLead clean = LeadCleaner.clean(new LeadInput("landing", "e1", "王工", "13800138000", null, "ACME", "苏州",
        "saas", "50-200万", "high", new LeadInput.Utm("baidu", null, "brand", null, null), null, null,
        Map.of("tags", "trade-show,vip", "grade", "高三")));

    LeadFacts facts = LeadFacts.of(clean);

    assertEquals("landing", facts.source());
    assertEquals("high", facts.priority());
    assertEquals("SaaS", facts.industry());
    assertEquals("苏州市", facts.region().city());
    assertEquals(clean.budget(), facts.budget());
    assertEquals("50-200万", facts.budgetBand());
    assertEquals("ACME", facts.company());
    assertEquals(List.of("trade-show", "vip"), facts.tags());
    assertEquals(Map.of("source", "baidu", "campaign", "brand"), facts.utm());
    assertEquals("高三", facts.attributes().get("grade"));
    assertEquals(null, facts.previousOwner());
  }
}
