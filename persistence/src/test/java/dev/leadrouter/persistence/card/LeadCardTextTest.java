package dev.leadrouter.persistence.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.leadrouter.engine.vocab.Budget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadCardTextTest {

  private static final LeadCardText ZH = LeadCardText.of("zh-CN");
  private static final LeadCardText EN = LeadCardText.of("en");
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static Long amount(String s) {
    return s == null || s.isBlank() ? null : Long.valueOf(s);
  }

  @ParameterizedTest(name = "{0}–{1} {2} negotiable={3}: {4} / {5}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      500000    | 2000000   | CNY | false | 50万–200万 CNY       | 500K–2M CNY
      800000    | 800000    | CNY | false | 80万 CNY             | 800K CNY
      125000    | -         | CNY | false | ≥12.5万 CNY          | ≥125K CNY
      -         | 500000    | -   | false | ≤50万                | ≤500K
      150000000 | 300000000 | CNY | false | 1.5亿–3亿 CNY        | 150M–300M CNY
      3000      | 3000      | USD | false | 3000 USD             | 3K USD
      2000000   | 2000000   | USD | false | 200万 USD            | 2M USD
      -         | -         | -   | true  | 面议                 | negotiable
      500000    | 2000000   | CNY | true  | 50万–200万 CNY（可议） | 500K–2M CNY (negotiable)
      """)
  void aBudgetReadsInEachLanguage(String min, String max, String currency, boolean negotiable, String zh, String en) {
    Budget b = new Budget(amount(min), amount(max), currency, negotiable);
    assertEquals(zh, ZH.budget(b));
    assertEquals(en, EN.budget(b));
  }

  @Test
  void noBudgetOrAnEmptyOneReadsAsNothing() {
    assertNull(ZH.budget(null));
    assertNull(EN.budget(new Budget(null, null, "CNY", false)));
  }

  @ParameterizedTest(name = "{0} s: {1} / {2}")
  @CsvSource(delimiter = '|', textBlock = """
      840     | 剩余 14 分钟          | 14 min left
      30      | 剩余 不到 1 分钟      | under 1 min left
      -180    | 已超时 3 分钟         | 3 min overdue
      3900    | 剩余 1 小时 5 分钟    | 1 h 5 min left
      93600   | 剩余 1 天 2 小时      | 1 d 2 h left
      """)
  void timeLeftReadsInEachLanguage(long seconds, String zh, String en) {
    assertEquals(zh, ZH.timeLeft(NOW.plusSeconds(seconds), NOW));
    assertEquals(en, EN.timeLeft(NOW.plusSeconds(seconds), NOW));
  }

  @Test
  void theRegionIsProvinceAndCityOnceEachElseTheMacroRegion() {
    assertEquals("上海市", ZH.region(card("华东", "上海市", "上海市")));
    assertEquals("广东省深圳市", ZH.region(card("华南", "广东省", "深圳市")));
    assertEquals("广东省, 深圳市", EN.region(card("华南", "广东省", "深圳市")));
    assertEquals("浙江省", ZH.region(card("华东", "浙江省", null)));
    assertEquals("华北", ZH.region(card("华北", null, null)));
    assertNull(ZH.region(card("未知", null, null)));
  }

  @Test
  void theSummaryIsOneLineOfWhatIsKnown() {
    LeadCard full = new LeadCard("L-1", "王工", "王", List.of("+8613800138000", "+8613900139000"), "上海电气", "华东",
        "上海市", "上海市", "工业自动化", new Budget(800_000L, 800_000L, "CNY", false), "api",
        NOW.plusSeconds(600), "REMIND");
    assertEquals("王工 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 80万 CNY · 来源 api · 剩余 10 分钟",
        ZH.summary(full, NOW));
    assertEquals("王工 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 800K CNY · source api · 10 min left",
        EN.summary(full, NOW));
    LeadCard nameOnly = new LeadCard("L-2", null, "Smith", List.of(), null, "未知", null, null, null, null, null, null,
        null);
    assertEquals("Smith", EN.summary(nameOnly, NOW));
  }

  private static LeadCard card(String macro, String province, String city) {
    return new LeadCard("L", null, null, List.of(), null, macro, province, city, null, null, null, null, null);
  }
}
