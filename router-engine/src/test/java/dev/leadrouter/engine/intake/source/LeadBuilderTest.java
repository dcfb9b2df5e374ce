package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadBuilderTest {

  private static final SourceConfig SOURCE =
      new SourceConfig("landing", "generic", Map.of(), "normal", List.of("trade-show"), null, null, null);

  @Test
  void aLandingUrlGivesTheUtmNotSetAndKeepsTheClickAndCampaignCodes() {
    LeadInput lead = LeadBuilder.of(SOURCE).phone("13800138000").utmSource("newsletter")
        .landingUrl("https://www.example.cn/demo?utm_source=baidu&utm_campaign=brand%20week&gclid=Cj0KCQ"
            + "&bd_vid=1189&qz_gdt=ab12&session=xyz")
        .build();

    assertEquals(new LeadInput.Utm("newsletter", null, "brand week", null, null), lead.utm());
    assertEquals(Map.of("landingUrl", "https://www.example.cn/demo?utm_source=baidu&utm_campaign=brand%20week"
            + "&gclid=Cj0KCQ&bd_vid=1189&qz_gdt=ab12&session=xyz", "gclid", "Cj0KCQ", "bd_vid", "1189", "qz_gdt", "ab12",
        "tags", "trade-show"), lead.attributes());
  }

  @Test
  void aMalformedLandingUrlIsKeptAsItIs() {
    LeadInput lead = LeadBuilder.of(SOURCE).phone("13800138000").landingUrl("not a url %%% ?gclid=x").build();

    assertEquals("not a url %%% ?gclid=x", lead.attributes().get("landingUrl"));
    assertEquals(null, lead.attributes().get("gclid"));
  }
}
