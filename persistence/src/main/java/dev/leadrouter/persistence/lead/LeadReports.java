package dev.leadrouter.persistence.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The first-touch and SLA reports from the leads' report facts (pure; the same numbers on H2 and
 * PostgreSQL because they are computed here, as {@code Funnel} does). The definitions are
 * docs/reports.md's; the cohort is every lead received in the window.
 */
public final class LeadReports {

  /** Assigned within this long of receipt counts for {@link FirstTouch#assignedWithin1m}. */
  static final Duration ASSIGNED_SOON = Duration.ofMinutes(1);

  private LeadReports() {}

  /** One SLA step of a lead's first assignment, as set then. */
  public record Step(int step, String action, Instant dueAt) {

    /** The {@code first_steps} column ({@link LeadIndexWriter#steps}); empty for null or a malformed part. */
    static List<Step> parse(String column) {
      if (column == null || column.isBlank()) return List.of();
      List<Step> out = new ArrayList<>();
      for (String part : column.split(";")) {
        String[] f = part.split(":");
        if (f.length != 3) continue;
        try {
          out.add(new Step(Integer.parseInt(f[0]), f[1], Instant.ofEpochMilli(Long.parseLong(f[2]))));
        } catch (NumberFormatException e) {
          // not ours: skip the step
        }
      }
      return List.copyOf(out);
    }
  }

  /** One lead's report facts (lead_index, V14). */
  public record Facts(String leadId, String repId, String region, String source, String campaign, Instant receivedAt,
      Instant firstAssignedAt, List<Step> firstSteps, Instant firstTouchAt, Long firstTouchMs, int reminders,
      int maxEscalation, int breaches, int reassignments, int mergedTouches, Integer health, Boolean contactComplete,
      String opportunityId, boolean won, Instant firstValidActionAt) {

    /** The first SLA step (the lowest index), or null when the first assignment had none. */
    Step firstStep() {
      return firstSteps.stream().min(java.util.Comparator.comparingInt(Step::step)).orElse(null);
    }
  }

  /** The first-touch numbers of one group. */
  public record FirstTouch(String group, int leads, int assigned, int acknowledged, Long medianMs, Long p90Ms,
      Long medianMsFromReceipt, Long p90MsFromReceipt, int withFirstStep, int withinFirstStep, Double withinFirstStepShare,
      int assignedWithin1m, Double assignedWithin1mShare) {}

  /** Attainment of one SLA step: of the assigned leads whose first assignment had it, those acknowledged before it was due. */
  public record StepAttainment(int step, String action, int leads, int attained, Double share) {}

  /**
   * The SLA numbers of one group; {@code escalations} maps a level to the leads that reached it or
   * higher. {@code repsBenched}, {@code repsRestored}: the reps of the group taken out of rotation and
   * put back in the window (rep state, not the leads': null where the group is not one of reps —
   * per source, campaign or region; set by {@link #withRotation}).
   */
  public record Sla(String group, int leads, int assigned, List<StepAttainment> steps, int reminders,
      Map<String, Integer> escalations, int breaches, int reassignments, Integer repsBenched, Integer repsRestored) {

    /** This group with its benchings and returns. */
    public Sla withRotation(Integer benched, Integer restored) {
      return new Sla(group, leads, assigned, steps, reminders, escalations, breaches, reassignments, benched, restored);
    }
  }

  /** The first-touch report of {@code facts}, per group ({@code groupOf}; sorted by group). */
  public static List<FirstTouch> firstTouch(List<Facts> facts, Function<Facts, String> groupOf) {
    return grouped(facts, groupOf).entrySet().stream().map(e -> firstTouch(e.getKey(), e.getValue())).toList();
  }

  /** The first-touch numbers of one group's leads. */
  public static FirstTouch firstTouch(String group, List<Facts> leads) {
    List<Long> touch = new ArrayList<>();
    List<Long> fromReceipt = new ArrayList<>();
    int assigned = 0;
    int acknowledged = 0;
    int withFirstStep = 0;
    int within = 0;
    int soon = 0;
    for (Facts f : leads) {
      if (f.firstAssignedAt() != null) {
        assigned++;
        if (!f.firstAssignedAt().isAfter(f.receivedAt().plus(ASSIGNED_SOON))) soon++;
      }
      if (f.firstTouchAt() != null) {
        acknowledged++;
        if (f.firstTouchMs() != null) touch.add(f.firstTouchMs());
        fromReceipt.add(Math.max(0, f.firstTouchAt().toEpochMilli() - f.receivedAt().toEpochMilli()));
      }
      Step first = f.firstStep();
      if (f.firstAssignedAt() != null && first != null) {
        withFirstStep++;
        if (f.firstTouchAt() != null && f.firstTouchAt().isBefore(first.dueAt())) within++;
      }
    }
    return new FirstTouch(group, leads.size(), assigned, acknowledged, median(touch), p90(touch), median(fromReceipt),
        p90(fromReceipt), withFirstStep, within, share(within, withFirstStep), soon, share(soon, leads.size()));
  }

  /** The SLA report of {@code facts}, per group ({@code groupOf}; sorted by group). */
  public static List<Sla> sla(List<Facts> facts, Function<Facts, String> groupOf) {
    return grouped(facts, groupOf).entrySet().stream().map(e -> sla(e.getKey(), e.getValue())).toList();
  }

  /** The SLA numbers of one group's leads. */
  public static Sla sla(String group, List<Facts> leads) {
    Map<String, int[]> steps = new TreeMap<>();
    Map<String, Integer> escalations = new TreeMap<>();
    int assigned = 0;
    int reminders = 0;
    int breaches = 0;
    int reassignments = 0;
    for (Facts f : leads) {
      reminders += f.reminders();
      breaches += f.breaches();
      reassignments += f.reassignments();
      for (int level = 1; level <= f.maxEscalation(); level++) escalations.merge(String.valueOf(level), 1, Integer::sum);
      if (f.firstAssignedAt() == null) continue;
      assigned++;
      for (Step s : f.firstSteps()) {
        int[] n = steps.computeIfAbsent(String.format("%04d:%s", s.step(), s.action()), k -> new int[2]);
        n[0]++;
        if (f.firstTouchAt() != null && f.firstTouchAt().isBefore(s.dueAt())) n[1]++;
      }
    }
    List<StepAttainment> attainment = new ArrayList<>();
    steps.forEach((key, n) -> {
      String[] k = key.split(":", 2);
      attainment.add(new StepAttainment(Integer.parseInt(k[0]), k[1], n[0], n[1], share(n[1], n[0])));
    });
    return new Sla(group, leads.size(), assigned, attainment, reminders, escalations, breaches, reassignments, 0, 0);
  }

  /**
   * The sources numbers of one group: its leads, the deliveries merged into them, the average source
   * health (of the leads that have one), the share with complete contact data, conversions to an
   * opportunity and to won.
   */
  public record SourceNumbers(String group, String source, String campaign, int leads, int mergedDuplicates,
      Double averageHealth, int contactComplete, Double contactCompleteShare, int opportunities,
      Double opportunityShare, int won, Double wonShare) {}

  /** The sources report: per {@code groupOf} (sorted by group), each group's source and campaign when it has one only. */
  public static List<SourceNumbers> sources(List<Facts> facts, Function<Facts, String> groupOf) {
    return grouped(facts, groupOf).entrySet().stream().map(e -> sources(e.getKey(), e.getValue())).toList();
  }

  /** The sources numbers of one group's leads. */
  public static SourceNumbers sources(String group, List<Facts> leads) {
    int merged = 0;
    long healthSum = 0;
    int healthCount = 0;
    int complete = 0;
    int opportunities = 0;
    int won = 0;
    java.util.Set<String> sources = new java.util.HashSet<>();
    java.util.Set<String> campaigns = new java.util.HashSet<>();
    for (Facts f : leads) {
      sources.add(String.valueOf(f.source()));
      campaigns.add(String.valueOf(f.campaign()));
      merged += f.mergedTouches();
      if (f.health() != null) {
        healthSum += f.health();
        healthCount++;
      }
      if (Boolean.TRUE.equals(f.contactComplete())) complete++;
      if (f.opportunityId() != null) opportunities++;
      if (f.won()) won++;
    }
    String source = sources.size() == 1 ? leads.get(0).source() : null;
    String campaign = campaigns.size() == 1 ? leads.get(0).campaign() : null;
    Double health = healthCount == 0 ? null : Math.round(healthSum * 10.0 / healthCount) / 10.0;
    return new SourceNumbers(group, source, campaign, leads.size(), merged, health, complete,
        share(complete, leads.size()), opportunities, share(opportunities, leads.size()), won, share(won, leads.size()));
  }

  /** The follow-up window after the first touch. */
  public static final Duration FOLLOW_UP = Duration.ofHours(72);

  /**
   * The follow-up numbers of one group: of the acknowledged leads, those with a valid action (on the
   * opportunity the lead became) within 72 h of the first touch; {@code pending} those whose 72 h
   * have not passed at {@code now} and have none yet, left out of the share.
   */
  public record FollowUp(String group, int leads, int acknowledged, int followedUp, int pending, Double share,
      Long medianMsToValidAction) {}

  /** The follow-up report at {@code now}, per {@code groupOf} (sorted by group). */
  public static List<FollowUp> followUp(List<Facts> facts, Function<Facts, String> groupOf, Instant now) {
    return grouped(facts, groupOf).entrySet().stream().map(e -> followUp(e.getKey(), e.getValue(), now)).toList();
  }

  /** The follow-up numbers of one group's leads at {@code now}. */
  public static FollowUp followUp(String group, List<Facts> leads, Instant now) {
    int acknowledged = 0;
    int followed = 0;
    int pending = 0;
    List<Long> times = new ArrayList<>();
    for (Facts f : leads) {
      if (f.firstTouchAt() == null) continue;
      acknowledged++;
      Instant until = f.firstTouchAt().plus(FOLLOW_UP);
      if (f.firstValidActionAt() != null && !f.firstValidActionAt().isAfter(until)) {
        followed++;
        times.add(Math.max(0, f.firstValidActionAt().toEpochMilli() - f.firstTouchAt().toEpochMilli()));
      } else if (now.isBefore(until)) {
        pending++;
      }
    }
    return new FollowUp(group, leads.size(), acknowledged, followed, pending, share(followed, acknowledged - pending),
        median(times));
  }

  private static Map<String, List<Facts>> grouped(List<Facts> facts, Function<Facts, String> groupOf) {
    Map<String, List<Facts>> out = new TreeMap<>();
    for (Facts f : facts) out.computeIfAbsent(groupOf.apply(f), k -> new ArrayList<>()).add(f);
    return out;
  }

  /** {@code part / whole} to three decimals; null when {@code whole} is 0. */
  static Double share(int part, int whole) {
    return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 1000.0;
  }

  /** The median (the mean of the middle two for an even count, rounded down), null for none. */
  public static Long median(List<Long> values) {
    if (values.isEmpty()) return null;
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The 90th percentile, nearest rank: the smallest value with at least 90 % of the values at or below it; null for none. */
  public static Long p90(List<Long> values) {
    if (values.isEmpty()) return null;
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(0.9 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
