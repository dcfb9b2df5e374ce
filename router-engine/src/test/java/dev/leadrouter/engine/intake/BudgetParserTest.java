package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
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

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(nullValues = "-", value = {"面议, -", "待定, -", "Negotiable, -", "TBD, -", "¥面议, CNY", "USD negotiable, USD"})
  void negotiableHasNoAmounts(String text, String currency) {
    assertEquals(Optional.of(new Budget(null, null, currency, true)), BudgetParser.parse(text));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"abc", "", "   ", "万", "不确定"})
  void textWithoutAnAmountIsNoBudget(String text) {
    assertEquals(Optional.empty(), BudgetParser.parse(text));
  }

  @org.junit.jupiter.api.Test
  void noTextIsNoBudget() {
    assertEquals(Optional.empty(), BudgetParser.parse(null));
  }

  @ParameterizedTest(name = "[{index}] {0} → {1}")
  @CsvSource({"1千万, 10000000", "3百万, 3000000", "2百万-1千万, 2000000"})
  void compoundChineseUnitsMultiply(String text, long min) {
    assertEquals(min, BudgetParser.parse(text).orElseThrow().min());
  }
}
