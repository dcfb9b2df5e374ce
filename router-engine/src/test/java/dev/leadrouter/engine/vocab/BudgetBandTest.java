package dev.leadrouter.engine.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BudgetBandTest {

  @ParameterizedTest(name = "[{index}] {0}..{1} negotiable={2} → {3}")
  @CsvSource(nullValues = "-", value = {
      // min,     max,     negotiable, band
      "-,         499999,  false, UNDER_500K",
      // "<50万" / "50万以下": an upper bound of exactly 50万 is under the boundary
      "-,         500000,  false, UNDER_500K",
      "-,         500001,  false, FROM_500K_TO_2M",
      "499999,    499999,  false, UNDER_500K",
      "500000,    500000,  false, FROM_500K_TO_2M",
      "100000,    2000000, false, FROM_500K_TO_2M",
      "100000,    2000001, false, OVER_2M",
      "2000001,   2000001, false, OVER_2M",
      "0,         0,       false, UNDER_500K",
      // the upper bound decides a closed range
      "100000,    3000000, false, OVER_2M",
      // open upwards: the lower bound decides
      "2000000,   -,       false, OVER_2M",
      "2500000,   -,       false, OVER_2M",
      "1999999,   -,       false, FROM_500K_TO_2M",
      "500000,    -,       false, FROM_500K_TO_2M",
      "499999,    -,       false, UNDER_500K",
      // negotiable wins over any amount
      "-,         -,       true,  NEGOTIABLE",
      "100,       9000000, true,  NEGOTIABLE",
  })
  void theBandOfABudget(Long min, Long max, boolean negotiable, BudgetBand band) {
    assertEquals(Optional.of(band), BudgetBand.of(min, max, negotiable));
  }

  @Test
  void noAmountAndNotNegotiableHasNoBand() {
    assertEquals(Optional.empty(), BudgetBand.of(null, null, false));
  }

  @ParameterizedTest
  @EnumSource(BudgetBand.class)
  void everyBandIsFoundByItsLabel(BudgetBand band) {
    assertEquals(Optional.of(band), BudgetBand.fromLabel(band.label()));
  }

  @Test
  void labelsAreListedInDeclarationOrderAndUnknownLabelsAreNotBands() {
    assertEquals(Arrays.asList("<50万", "50-200万", ">200万", "面议"), BudgetBand.labels());
    assertEquals(Optional.empty(), BudgetBand.fromLabel("UNDER_500K"));
    assertEquals(Optional.empty(), BudgetBand.fromLabel(null));
  }
}
