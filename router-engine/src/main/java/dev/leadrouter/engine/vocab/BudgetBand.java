package dev.leadrouter.engine.vocab;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The budget bands reps are tagged with. Amounts are in CNY. */
public enum BudgetBand {
  UNDER_500K("<50万"),
  FROM_500K_TO_2M("50-200万"),
  OVER_2M(">200万"),
  NEGOTIABLE("面议");

  private final String label;

  BudgetBand(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<BudgetBand> fromLabel(String label) {
    return Arrays.stream(values()).filter(b -> b.label.equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(BudgetBand::label).toList();
  }

  /**
   * The band of a budget: negotiable wins; otherwise the upper bound decides (the lower one when
   * the range is open upwards). No amount → no band.
   */
  public static Optional<BudgetBand> of(Long min, Long max, boolean negotiable) {
    if (negotiable) return Optional.of(NEGOTIABLE);
    Long amount = max != null ? max : min;
    if (amount == null) return Optional.empty();
    if (max == null && min != null && min >= 2_000_000) return Optional.of(OVER_2M);
    // "<50万" is an upper bound of exactly 50万: under the band boundary, not in the next band.
    if (min == null && max != null && max <= 500_000) return Optional.of(UNDER_500K);
    if (amount < 500_000) return Optional.of(UNDER_500K);
    if (amount <= 2_000_000) return Optional.of(FROM_500K_TO_2M);
    return Optional.of(OVER_2M);
  }
}
