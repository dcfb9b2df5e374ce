package dev.leadrouter.persistence.opportunity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The funnel of a pipeline over a time window, from its opportunities' stage logs (pure; the same
 * numbers on H2 and PostgreSQL because they are computed here, not in SQL). The cohort of a stage is
 * every entry into it within {@code [from, to)}. Per stage:
 * <ul>
 *   <li>{@code entered}: the opportunities of the cohort (one that entered twice counts once);
 *   <li>{@code converted}: of those, the ones that later (up to now) entered a stage after it in the
 *       pipeline's order that is not a lost stage (skipping stages counts); {@code conversion} =
 *       converted / entered. Unknown (null) for a final stage, or when the pipeline's order is not
 *       known;
 *   <li>{@code medianMsInStage}: the median time the cohort's entries stayed, of those that left it
 *       (null when none left);
 *   <li>{@code downgrades}: the cohort's entries that left it by an idle downgrade.
 * </ul>
 * Stages are listed in the pipeline's order (stages without entries with zeros), then stages the log
 * holds that the order does not (renamed or removed since), by name.
 */
public final class Funnel {

  /** A pipeline's stages in order; {@code finals} its won and lost stages, {@code lost} the lost ones. */
  public record Stages(List<String> order, Set<String> finals, Set<String> lost) {
    public Stages {
      order = List.copyOf(order);
      finals = Set.copyOf(finals);
      lost = Set.copyOf(lost);
    }
  }

  /** One row of {@code opportunity_stage_log}. */
  public record Entry(String opportunityId, int seq, String stage, Instant enteredAt, String enteredHow,
      Instant leftAt, String leftHow) {}

  /** One stage of the report. */
  public record StageReport(String stage, int entered, Integer converted, Double conversion, Long medianMsInStage,
      int downgrades) {}

  private Funnel() {}

  /**
   * The report of {@code entries} (every stage-log row of the opportunities with an entry in the
   * window, in {@code (opportunityId, seq)} order) for the window {@code [from, to)}.
   */
  public static List<StageReport> compute(List<Entry> entries, Instant from, Instant to, Optional<Stages> stages) {
    Map<String, List<Entry>> byOpportunity = new LinkedHashMap<>();
    for (Entry e : entries) byOpportunity.computeIfAbsent(e.opportunityId(), k -> new ArrayList<>()).add(e);
    Map<String, Set<String>> entered = new HashMap<>();
    Map<String, Set<String>> converted = new HashMap<>();
    Map<String, List<Long>> stays = new HashMap<>();
    Map<String, Integer> downgrades = new HashMap<>();
    for (List<Entry> log : byOpportunity.values()) {
      for (Entry e : log) {
        if (e.enteredAt().isBefore(from) || !e.enteredAt().isBefore(to)) continue;
        entered.computeIfAbsent(e.stage(), k -> new HashSet<>()).add(e.opportunityId());
        if (e.leftAt() != null) {
          stays.computeIfAbsent(e.stage(), k -> new ArrayList<>()).add(e.leftAt().toEpochMilli() - e.enteredAt().toEpochMilli());
        }
        if (StageLogWriter.DOWNGRADE.equals(e.leftHow())) downgrades.merge(e.stage(), 1, Integer::sum);
        if (stages.isPresent() && movedOn(log, e, stages.get())) {
          converted.computeIfAbsent(e.stage(), k -> new HashSet<>()).add(e.opportunityId());
        }
      }
    }
    List<String> order = new ArrayList<>(stages.map(Stages::order).orElse(List.of()));
    Set<String> others = new TreeSet<>(entered.keySet());
    others.removeAll(order);
    order.addAll(others);
    List<StageReport> out = new ArrayList<>();
    for (String stage : order) {
      int n = entered.getOrDefault(stage, Set.of()).size();
      Integer conv = convertible(stage, stages) ? converted.getOrDefault(stage, Set.of()).size() : null;
      Double share = conv == null || n == 0 ? null : Math.round(conv * 1000.0 / n) / 1000.0;
      out.add(new StageReport(stage, n, conv, share, median(stays.get(stage)), downgrades.getOrDefault(stage, 0)));
    }
    return out;
  }

  /** A stage whose conversion can be told: in the known order and not final. */
  private static boolean convertible(String stage, Optional<Stages> stages) {
    return stages.isPresent() && stages.get().order().contains(stage) && !stages.get().finals().contains(stage);
  }

  /** Whether the opportunity entered a stage after {@code e}'s (in order, not lost) later than {@code e}. */
  private static boolean movedOn(List<Entry> log, Entry e, Stages stages) {
    if (!convertible(e.stage(), Optional.of(stages))) return false;
    int position = stages.order().indexOf(e.stage());
    for (Entry later : log) {
      if (later.seq() <= e.seq() || stages.lost().contains(later.stage())) continue;
      if (stages.order().indexOf(later.stage()) > position) return true;
    }
    return false;
  }

  /** The median (the mean of the middle two for an even count), null for none. */
  static Long median(List<Long> values) {
    if (values == null || values.isEmpty()) return null;
    List<Long> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
