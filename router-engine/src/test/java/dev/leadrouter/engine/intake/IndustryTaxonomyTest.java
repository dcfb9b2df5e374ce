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

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                  | industry
      # qualifiers in brackets: the label without them
      储能电池（工商业）              | 新能源电池
      储能电池(户用)                 | 新能源电池
      CRM软件（SaaS）                | SaaS
      工业自动化【非标】             | 工业自动化
      锂电池 (动力)                  | 新能源电池
      # only the qualifier is known
      在线教育（高中）               | K12教育
      教育培训(K12)                  | K12教育
      软件开发（储能电池企业）        | 新能源电池
      # suffixes and product words: containment, the longest synonym wins
      电池PACK线                     | 新能源电池
      电池pack生产线                 | 新能源电池
      工业机器人集成                 | 工业自动化
      K12辅导                        | K12教育
      k12在线辅导                    | K12教育
      高中数学辅导                   | K12教育
      中考培训                       | K12教育
      锂电池制造                     | 新能源电池
      储能系统集成商                 | 新能源电池
      PLC控制柜                      | 工业自动化
      自动化设备制造                 | 工业自动化
      非标自动化设备                 | 工业自动化
      SaaS服务商                     | SaaS
      营销自动化                     | SaaS
      企业CRM系统                    | SaaS
      新能源电池行业解决方案          | 新能源电池
      # English labels
      Energy Storage                 | 新能源电池
      Energy-Storage Systems         | 新能源电池
      Lithium Battery Manufacturing  | 新能源电池
      Battery Pack Assembly          | 新能源电池
      Industrial Robotics            | 工业自动化
      Factory Automation Solutions   | 工业自动化
      Machine Vision                 | 工业自动化
      Software as a Service          | SaaS
      B2B SaaS                       | SaaS
      CRM Software                   | SaaS
      K-12 Education                 | K12教育
      K12 tutoring                   | K12教育
      After-school Tutoring          | K12教育
      # a word inside another word is no match
      PLCs控制                       | OTHER
      business services              | OTHER
      Chessboards                    | OTHER
      高中低压配电柜                 | OTHER
      在线教育                       | OTHER
      教育                           | OTHER
      制造业                         | OTHER
      工业                           | OTHER
      # a list takes its first known part, before containment
      SaaS/储能电池                  | SaaS
      零售、锂电                     | 新能源电池
      """)
  void labelsWithQualifiersAndProductWordsResolve(String text, String industry) {
    assertEquals(industry, IndustryTaxonomy.classify(text));
  }

  @Test
  void ofTwoSynonymsOfTheSameLengthTheTaxonomysFirstNameWins() {
    IndustryTaxonomy taxonomy = new IndustryTaxonomy(Map.of("B行业名", List.of("储能"), "A行业名", List.of("电池")));

    assertEquals("A行业名", taxonomy.canonical("储能电池柜"), "A行业名 sorts first");
    assertEquals("B行业名", taxonomy.canonical("储能柜"));
  }

  @Test
  void anExactOnlySynonymIsNeverFoundInsideALongerText() {
    IndustryTaxonomy taxonomy = new IndustryTaxonomy(Map.of("教育", List.of("=高中", "高考")));

    assertEquals("教育", taxonomy.canonical("高中"));
    assertEquals("教育", taxonomy.canonical("在线教育（高中）"));
    assertEquals(IndustryTaxonomy.OTHER, taxonomy.canonical("高中低压"));
    assertEquals("教育", taxonomy.canonical("高考冲刺"));
  }

  @Test
  void theDemoTaxonomyIsReadFromItsResource() {
    assertEquals(IndustryTaxonomy.DEFAULT, IndustryTaxonomy.fromConfig(com.typesafe.config.ConfigFactory.empty()));
    assertEquals("新能源电池", IndustryTaxonomy.classify("电芯"), "a synonym the resource lists");
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
