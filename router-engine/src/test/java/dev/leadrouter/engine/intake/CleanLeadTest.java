package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.vocab.Priorities;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A cleaned lead cannot be built without the fields the read models require. */
class CleanLeadTest {

  private static CleanLead bare(String source, String priority, RegionInfo region) {
    return new CleanLead(source, null, null, null, null, null, null, null, null, null, null, null, region, null, null,
        null, priority, null, null, null, null, null);
  }

  @Test
  void everyRequiredFieldGetsItsDefault() {
    CleanLead lead = bare(null, null, null);
    assertEquals(CleanLead.UNKNOWN_SOURCE, lead.source());
    assertEquals("normal", lead.priority());
    assertEquals(RegionInfo.NONE, lead.region());
    assertEquals(LeadInput.Utm.EMPTY, lead.utm());
    assertEquals(List.of(), lead.phones());
    assertEquals(List.of(), lead.flags());
  }

  @Test
  void aRegionWithoutMacroIsUnknownButKeepsWhatItKnew() {
    CleanLead lead = bare("web", "high", new RegionInfo(null, "江苏省", null, "CN"));
    assertEquals(new RegionInfo(RegionInfo.UNKNOWN, "江苏省", null, "CN"), lead.region());
  }

  @Test
  void priorityWordsAreCanonicalAndAnUnknownOneIsFlaggedOnce() {
    assertEquals("urgent", bare("web", "紧急", null).priority());
    assertEquals("high", bare("web", " HIGH ", null).priority());
    CleanLead odd = bare("web", "P1-asap", null);
    assertEquals("normal", odd.priority());
    assertTrue(odd.flags().contains(Priorities.PRIORITY_UNKNOWN));
    CleanLead again = new CleanLead(odd.source(), null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, "P1-asap", null, null, null, odd.flags(), null);
    assertEquals(1, again.flags().stream().filter(Priorities.PRIORITY_UNKNOWN::equals).count());
  }

  @Test
  void theCleanedLeadKeepsTheAliasAndTheStudentAndAddressesAParentThroughTheChild() {
    CleanLead alias = LeadCleaner.clean(new LeadInput("web", "e1", "王磊 Wang Lei", "13800138000", null, null, null, null,
        null, null, LeadInput.Utm.EMPTY, null, null, java.util.Map.of()));
    assertEquals("王磊", alias.name());
    assertEquals("Wang Lei", alias.alias());
    CleanLead parent = LeadCleaner.clean(new LeadInput("web", "e2", "王小明妈妈", "13800138000", null, null, null, null,
        null, null, LeadInput.Utm.EMPTY, null, null, java.util.Map.of()));
    assertEquals("王小明", parent.student());
    assertEquals("王小明妈妈", parent.salutation());
  }
}
