package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetParserTest {

  @ParameterizedTest(name = "[{index}] {0} → {1}..{2} {3}")
  @CsvSource(nullValues = "-", value = {
      // text,        min,      max,      currency
      "50万,          500000,   500000,   -",
      "50-200万,      500000,   2000000,  -",     // the unit written once applies to both ends
      "50万-200万,    500000,   2000000,  -",
      "200-50万,      500000,   2000000,  -",     // reversed ends are put in order
      "100万以上,     1000000,  -,        -",
      "50万起,        500000,   -,        -",
      "'>50万',       500000,   -,        -",
      "50W+,          500000,   -,        -",
      "<50万,         -,        500000,   -",
      "50万以下,      -,        500000,   -",
      "30万以内,      -,        300000,   -",
      "¥30W,          300000,   300000,   CNY",
      "￥30w,         300000,   300000,   CNY",     // full-width yen sign
      "30万元,        300000,   300000,   CNY",
      "RMB 1.5万,     15000,    15000,    CNY",
      "US$2M,         2000000,  2000000,  USD",
      "USD 500K,      500000,   500000,   USD",
      "$2m,           2000000,  2000000,  USD",
      "'1,000,000',   1000000,  1000000,  -",
      "５０万,        500000,   500000,   -",      // full-width digits
      "1亿,           100000000, 100000000, -",
      "8千,           8000,     8000,     -",
      "800,           800,      800,      -",
  })
  void amountsRangesAndCurrencies(String text, Long min, Long max, String currency) {
    assertEquals(Optional.of(new Budget(min, max, currency, false)), BudgetParser.parse(text));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}..{2} {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # text               | min        | max        | currency
      五十万                | 500000     | 500000     | -
      一百万                | 1000000    | 1000000    | -
      两百万                | 2000000    | 2000000    | -
      三千                  | 3000       | 3000       | -
      十万                  | 100000     | 100000     | -
      二十五万              | 250000     | 250000     | -
      一千五百万            | 15000000   | 15000000   | -
      一万零五百            | 10500      | 10500      | -
      三万五                | 35000      | 35000      | -
      一亿五                | 150000000  | 150000000  | -
      一点五亿              | 150000000  | 150000000  | -
      壹佰万                | 1000000    | 1000000    | -
      五十万元              | 500000     | 500000     | CNY
      五十万到一百万        | 500000     | 1000000    | -
      五十到一百万          | 500000     | 1000000    | -
      五十万到100万         | 500000     | 1000000    | -
      一百多万              | 1000000    | -          | -
      100多万               | 1000000    | -          | -
      50～200万             | 500000     | 2000000    | -
      50~200万              | 500000     | 2000000    | -
      50〜200万             | 500000     | 2000000    | -
      50到200万             | 500000     | 2000000    | -
      50至200万             | 500000     | 2000000    | -
      50 - 200 万           | 500000     | 2000000    | -
      50万元-100万元        | 500000     | 1000000    | CNY
      ¥50万-¥100万          | 500000     | 1000000    | CNY
      10K-50K USD           | 10000      | 50000      | USD
      不超过50万            | -          | 500000     | -
      最多30万              | -          | 300000     | -
      ≤30万                 | -          | 300000     | -
      预算<50万             | -          | 500000     | -
      ≥100万                | 1000000    | -          | -
      预算>50万             | 500000     | -          | -
      至少50万              | 500000     | -          | -
      不低于50万            | 500000     | -          | -
      超过200万             | 2000000    | -          | -
      人民币50万            | 500000     | 500000     | CNY
      50万块                | 500000     | 500000     | CNY
      50万美元              | 500000     | 500000     | USD
      5万美金               | 50000      | 50000      | USD
      $5000                 | 5000       | 5000       | USD
      HK$100万              | 1000000    | 1000000    | HKD
      2M                    | 2000000    | 2000000    | -
      300k                  | 300000     | 300000     | -
      十万左右              | 100000     | 100000     | -
      2024年预算50万        | 500000     | 500000     | -
      预算50万，3个月内      | 500000     | 500000     | -
      3台共50万             | 500000     | 500000     | -
      """)
  void chineseNumeralsRangesBoundsAndCurrencies(String text, Long min, Long max, String currency) {
    assertEquals(Optional.of(new Budget(min, max, currency, false)), BudgetParser.parse(text));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(nullValues = "-", value = {"面议, -", "待定, -", "不限, -", "预算不限, -", "可协商, -", "Negotiable, -", "TBD, -",
      "¥面议, CNY", "USD negotiable, USD", "50万 面议, -"})
  void negotiableHasNoAmounts(String text, String currency) {
    assertEquals(Optional.of(new Budget(null, null, currency, true)), BudgetParser.parse(text));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"abc", "", "   ", "万", "不确定", "几十万", "预算一般", "一二三", "50%", "99999999999999999999亿",
      "9223372036854775808"})
  void textWithoutAnAmountIsNoBudget(String text) {
    assertEquals(Optional.empty(), BudgetParser.parse(text));
  }

  @Test
  void noTextIsNoBudget() {
    assertEquals(Optional.empty(), BudgetParser.parse(null));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource({"1千万, 10000000", "3百万, 3000000", "2百万-1千万, 2000000"})
  void compoundChineseUnitsMultiply(String text, long min) {
    assertEquals(min, BudgetParser.parse(text).orElseThrow().min());
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String text : FuzzStrings.generate(20261127L)) {
      Optional<Budget> budget = assertDoesNotThrow(() -> BudgetParser.parse(text), () -> PhoneCleanerTest.describe(text));
      budget.ifPresent(b -> {
        if (b.negotiable()) assertTrue(b.min() == null && b.max() == null, () -> PhoneCleanerTest.describe(text));
        else assertTrue(b.min() != null || b.max() != null, () -> PhoneCleanerTest.describe(text));
        if (b.min() != null && b.max() != null) assertTrue(b.min() <= b.max(), () -> PhoneCleanerTest.describe(text));
        assertTrue((b.min() == null || b.min() >= 0) && (b.max() == null || b.max() >= 0), () -> PhoneCleanerTest.describe(text));
      });
    }
  }
}
