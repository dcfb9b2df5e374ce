package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetParserTest {

  /** CNY+ : CNY assumed from the way the amount is written (万, 五十万, 元, W, k); CNY: named (¥, RMB, 人民币). */
  @ParameterizedTest(name = "[{index}] {0} → {1}..{2} {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # text               | min        | max        | currency
      50万                  | 500000     | 500000     | CNY+
      50-200万              | 500000     | 2000000    | CNY+
      50万-200万            | 500000     | 2000000    | CNY+
      200-50万              | 500000     | 2000000    | CNY+
      100万以上             | 1000000    | -          | CNY+
      50万起                | 500000     | -          | CNY+
      '>50万'               | 500000     | -          | CNY+
      50W+                  | 500000     | -          | CNY+
      <50万                 | -          | 500000     | CNY+
      50万以下              | -          | 500000     | CNY+
      30万以内              | -          | 300000     | CNY+
      ¥30W                  | 300000     | 300000     | CNY
      ￥30w                 | 300000     | 300000     | CNY
      30万元                | 300000     | 300000     | CNY+
      RMB 1.5万             | 15000      | 15000      | CNY
      US$2M                 | 2000000    | 2000000    | USD
      USD 500K              | 500000     | 500000     | USD
      $2m                   | 2000000    | 2000000    | USD
      '1,000,000'           | 1000000    | 1000000    | -
      ５０万                | 500000     | 500000     | CNY+
      1亿                   | 100000000  | 100000000  | CNY+
      8千                   | 8000       | 8000       | CNY+
      800                   | 800        | 800        | -
      五十万                | 500000     | 500000     | CNY+
      一百万                | 1000000    | 1000000    | CNY+
      两百万                | 2000000    | 2000000    | CNY+
      三千                  | 3000       | 3000       | CNY+
      十万                  | 100000     | 100000     | CNY+
      二十五万              | 250000     | 250000     | CNY+
      一百五十万            | 1500000    | 1500000    | CNY+
      一千五百万            | 15000000   | 15000000   | CNY+
      一万零五百            | 10500      | 10500      | CNY+
      三万五                | 35000      | 35000      | CNY+
      一亿                  | 100000000  | 100000000  | CNY+
      一亿五                | 150000000  | 150000000  | CNY+
      一点五亿              | 150000000  | 150000000  | CNY+
      壹佰万                | 1000000    | 1000000    | CNY+
      3千万                 | 30000000   | 30000000   | CNY+
      五十万元              | 500000     | 500000     | CNY+
      五十万到一百万        | 500000     | 1000000    | CNY+
      五十到一百万          | 500000     | 1000000    | CNY+
      五十万到100万         | 500000     | 1000000    | CNY+
      十万到二十万          | 100000     | 200000     | CNY+
      一百多万              | 1000000    | -          | CNY+
      100多万               | 1000000    | -          | CNY+
      50～200万             | 500000     | 2000000    | CNY+
      50~200万              | 500000     | 2000000    | CNY+
      50〜200万             | 500000     | 2000000    | CNY+
      50到200万             | 500000     | 2000000    | CNY+
      50至200万             | 500000     | 2000000    | CNY+
      50 - 200 万           | 500000     | 2000000    | CNY+
      50-100万              | 500000     | 1000000    | CNY+
      50万-1亿              | 500000     | 100000000  | CNY+
      5-10w                 | 50000      | 100000     | CNY+
      5千-1万               | 5000       | 10000      | CNY+
      50万元-100万元        | 500000     | 1000000    | CNY+
      ¥50万-¥100万          | 500000     | 1000000    | CNY
      人民币五十万元         | 500000     | 500000     | CNY
      100万RMB              | 1000000    | 1000000    | CNY
      CNY 200000            | 200000     | 200000     | CNY
      10K-50K USD           | 10000      | 50000      | USD
      不超过50万            | -          | 500000     | CNY+
      最多30万              | -          | 300000     | CNY+
      ≤30万                 | -          | 300000     | CNY+
      预算<50万             | -          | 500000     | CNY+
      ≥100万                | 1000000    | -          | CNY+
      预算>50万             | 500000     | -          | CNY+
      至少50万              | 500000     | -          | CNY+
      不低于50万            | 500000     | -          | CNY+
      超过200万             | 2000000    | -          | CNY+
      人民币50万            | 500000     | 500000     | CNY
      50万块                | 500000     | 500000     | CNY+
      3000块                | 3000       | 3000       | CNY+
      500000元              | 500000     | 500000     | CNY+
      '500,000 yuan'        | 500000     | 500000     | CNY+
      50万美元              | 500000     | 500000     | USD
      5万美金               | 50000      | 50000      | USD
      $5000                 | 5000       | 5000       | USD
      HK$100万              | 1000000    | 1000000    | HKD
      100万港币             | 1000000    | 1000000    | HKD
      50万港元              | 500000     | 500000     | HKD
      10万欧元              | 100000     | 100000     | EUR
      €50k                  | 50000      | 50000      | EUR
      EUR 1.2 million       | 1200000    | 1200000    | EUR
      20万英镑              | 200000     | 200000     | GBP
      £30000                | 30000      | 30000      | GBP
      500万日元             | 5000000    | 5000000    | JPY
      10万澳元              | 100000     | 100000     | AUD
      NT$300万              | 3000000    | 3000000    | TWD
      S$80k                 | 80000      | 80000      | SGD
      2M                    | 2000000    | 2000000    | CNY+
      300k                  | 300000     | 300000     | CNY+
      十万左右              | 100000     | 100000     | CNY+
      2024年预算50万        | 500000     | 500000     | CNY+
      预算50万，3个月内      | 500000     | 500000     | CNY+
      3台共50万             | 500000     | 500000     | CNY+
      500000                | 500000     | 500000     | -
      50-100                | 50         | 100        | -
      '50000 - 100000'      | 50000      | 100000     | -
      2024年预算500000      | 500000     | 500000     | -
      '$50,000 - $100,000'  | 50000      | 100000     | USD
      $10k-$50k             | 10000      | 50000      | USD
      50k to 100k USD       | 50000      | 100000     | USD
      between 50k and 100k dollars | 50000 | 100000  | USD
      under $10k            | -          | 10000      | USD
      Less than 5000 USD    | -          | 5000       | USD
      up to 1 million USD   | -          | 1000000    | USD
      no more than $20k     | -          | 20000      | USD
      over $1M              | 1000000    | -          | USD
      at least 50k EUR      | 50000      | -          | EUR
      '$10,000+'            | 10000      | -          | USD
      2 million             | 2000000    | 2000000    | CNY+
      '1 000 000'           | 1000000    | 1000000    | -
      两三百万              | 2000000    | 3000000    | CNY+
      三五十万              | 300000     | 500000     | CNY+
      七八千                | 7000       | 8000       | CNY+
      预算一两百万          | 1000000    | 2000000    | CNY+
      十二万                | 120000     | 120000     | CNY+
      """)
  void amountsRangesAndCurrencies(String text, Long min, Long max, String currency) {
    boolean assumed = "CNY+".equals(currency);
    String code = assumed ? "CNY" : currency;

    assertEquals(Optional.of(new BudgetParser.Parsed(new Budget(min, max, code, false), assumed)), BudgetParser.read(text));
    assertEquals(Optional.of(new Budget(min, max, code, false)), BudgetParser.parse(text));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(nullValues = "-", value = {"面议, -", "待定, -", "不限, -", "预算不限, -", "可协商, -", "Negotiable, -", "TBD, -",
      "¥面议, CNY", "USD negotiable, USD", "50万 面议, -", "面议（元）, -"})
  void negotiableHasNoAmountsAndNeverAnAssumedCurrency(String text, String currency) {
    assertEquals(Optional.of(new BudgetParser.Parsed(new Budget(null, null, currency, true), false)), BudgetParser.read(text));
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
      BudgetParser.read(text).filter(BudgetParser.Parsed::currencyAssumed)
          .ifPresent(p -> assertEquals("CNY", p.budget().currency(), () -> PhoneCleanerTest.describe(text)));
    }
  }
}
