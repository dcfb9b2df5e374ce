package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndustryTaxonomyTest {

  /** The demo org chart's industries (http-api demo-org.json): routing compares them as text. */
  private static final Set<String> ORG_CHART_INDUSTRIES = Set.of("工业自动化", "新能源电池", "SaaS", "K12教育");

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as          | industry
      工业自动化             | 工业自动化
      ' 工业自动化 '         | 工业自动化
      工业 自动化            | 工业自动化
      自动化                 | 工业自动化
      PLC                   | 工业自动化
      plc                   | 工业自动化
      ＰＬＣ                 | 工业自动化
      智能制造               | 工业自动化
      工控                   | 工业自动化
      Industrial Automation | 工业自动化
      新能源电池             | 新能源电池
      锂电                   | 新能源电池
      锂电池                 | 新能源电池
      储能                   | 新能源电池
      动力电池               | 新能源电池
      锂电行业               | 新能源电池
      新能源电池/储能        | 新能源电池
      SaaS                  | SaaS
      saas                  | SaaS
      SAAS                  | SaaS
      软件即服务             | SaaS
      云软件                 | SaaS
      CRM软件                | SaaS
      SaaS CRM              | SaaS
      K12教育                | K12教育
      k12                   | K12教育
      K-12                  | K12教育
      中小学                 | K12教育
      课外辅导               | K12教育
      工业                   | OTHER
      制造                   | OTHER
      自动                   | OTHER
      新能源电                | OTHER
      零售                   | OTHER
      PLCs控制               | OTHER
      ' '                   | -
      -                     | -
      🙂                     | -
      """)
  void industryTextMapsToTheTaxonomy(String text, String industry) {
    assertEquals(industry, IndustryTaxonomy.classify(text));
  }

  @Test
  void theDefaultNamesAreExactlyTheOrgChartsIndustries() {
    for (String name : ORG_CHART_INDUSTRIES) assertEquals(name, IndustryTaxonomy.classify(name));
  }

  @Test
  void aTaxonomyCanBeGivenAsAMap() {
    IndustryTaxonomy retail = new IndustryTaxonomy(Map.of("零售", List.of("商超", "Retail")));

    assertEquals("零售", retail.canonical("零售"));
    assertEquals("零售", retail.canonical("retail"));
    assertEquals("零售", retail.canonical("商超"));
    assertEquals(IndustryTaxonomy.OTHER, retail.canonical("SaaS"));
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String text : FuzzStrings.generate(20261128L)) {
      String industry = assertDoesNotThrow(() -> IndustryTaxonomy.classify(text), () -> PhoneCleanerTest.describe(text));
      assertTrue(industry == null || industry.equals(IndustryTaxonomy.OTHER) || ORG_CHART_INDUSTRIES.contains(industry),
          () -> PhoneCleanerTest.describe(text));
    }
  }

  @Test
  void theTaxonomyIsConfiguredByCanonicalNameAndSynonyms() {
    IndustryTaxonomy configured = IndustryTaxonomy.fromConfig(com.typesafe.config.ConfigFactory.parseString(
        "\"医疗器械\": [\"医械\", \"medical devices\"], \"Retail/电商\": [\"电商\"]"));

    assertEquals("医疗器械", configured.canonical("医械行业"));
    assertEquals("医疗器械", configured.canonical("Medical Devices"));
    assertEquals("Retail/电商", configured.canonical("电商"));
    assertEquals(IndustryTaxonomy.OTHER, configured.canonical("SaaS"), "the demo taxonomy is replaced, not extended");
    assertEquals(IndustryTaxonomy.DEFAULT, IndustryTaxonomy.fromConfig(com.typesafe.config.ConfigFactory.empty()));
  }

  @Test
  void aConfiguredNameThatIsNoIndustryIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> IndustryTaxonomy.fromConfig(
        com.typesafe.config.ConfigFactory.parseString("\"OTHER\": [\"misc\"]")));
  }
}
