package dev.leadrouter.engine.routing.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * What distribution remembers between leads: per distribution group, the rotation position and
 * each member's count. Immutable; every choice returns a new ledger with {@code version} + 1.
 * Plain records, so it persists as JSON ({@code ConfigJson}) and survives restarts.
 *
 * <p><b>Groups.</b> A group is the target of a rule: {@code pool:<id>} or {@code team:<id>}. Rules
 * that target the same pool or team share its rotation and counts; a rule targeting one rep or the
 * existing owner has no group and changes nothing here. Members are in a stable order: the pool's
 * listed order, or the team's reps in org-chart order.
 *
 * <p><b>Round robin</b>: strict rotation — the first eligible member after the one chosen last, in
 * member order; ineligible members are skipped and keep their place. <b>Weighted</b> (smooth
 * weighted round robin, as nginx does it, over the stored counts): the eligible member furthest
 * behind its share of the next lead, i.e. with the largest {@code (total + 1) × weight − Σweights ×
 * count} where {@code total} is the sum of the members' counts; ties go to the first in rotation
 * order after the last chosen. With equal weights that is simply the smallest count. (Plain
 * "smallest count/weight" lets a 45/35/15/5 pool drift more than one lead from its share.)
 * <b>Least loaded</b>: fewest open leads, then oldest
 * last assignment, then smaller id. All three advance the position to the chosen member and add 1
 * to their count (and to {@code received}, the plain tally for reports).
 *
 * <p><b>No banking while away.</b> A member who was not eligible at the group's previous choice
 * (away, on vacation, at capacity, tag mismatch…) or who is new to the group has their count raised
 * to the group's floor before choosing: {@code floor = min(count/weight)} over the members that were
 * eligible at the previous choice and are eligible now, so the returning member's count becomes
 * {@code max(count, ⌊floor × weight⌋)}. They rejoin level with the least-served member instead of
 * taking every lead until they catch up. With everyone eligible nothing is raised: equal weights
 * then keep counts within 1 of each other (the smallest count is always chosen), and weighted counts
 * stay within one lead of {@code total × weight / 100} per member, so within 2% of the weights
 * long before 10,000 leads (FairnessLedgerTest checks both at every step). A member who is often
 * ineligible receives less than their weight — in proportion to the time they could take leads.
 * That is the point: nobody is owed leads for time they were away.
 *
 * <p><b>Offers not kept.</b> A choice whose lead did not keep the rep (they refused it at capacity,
 * or the lead was closed or assigned meanwhile) is {@link #withdraw withdrawn}: the member's count and
 * received go back by one; the rotation position stays where it is.
 *
 * <p><b>Membership changes.</b> Removing a person keeps everyone's counts (their own entry stays,
 * unused); if the member chosen last is gone, rotation continues with whoever now holds their place.
 */
public record FairnessLedger(long version, Map<String, Group> groups) {

  public static final FairnessLedger EMPTY = new FairnessLedger(0, Map.of());

  public FairnessLedger {
    groups = Map.copyOf(groups);
  }

  /** A group's rotation position (the member chosen last and their index then) and its members. */
  public record Group(String lastChosen, int lastIndex, Map<String, Member> members) {
    public Group {
      members = Map.copyOf(members);
    }
  }

  /**
   * @param count the fairness count (raised to the floor on return)
   * @param received leads actually received through this group
   * @param eligible whether the member was eligible at the group's last choice
   */
  public record Member(long count, long received, boolean eligible) {}

  /** The index chosen among the members (-1: none eligible, ledger unchanged) and the new ledger. */
  public record Choice(int index, FairnessLedger ledger) {}

  public Group group(String key) {
    return groups.get(key);
  }

  /** One lead given to {@code member} through {@code group} did not stay with them: take it off their counts. */
  public FairnessLedger withdraw(String group, String member) {
    Group g = groups.get(group);
    Member m = g == null ? null : g.members().get(member);
    if (m == null) return this;
    Map<String, Member> members = new HashMap<>(g.members());
    members.put(member, new Member(Math.max(0, m.count() - 1), Math.max(0, m.received() - 1), m.eligible()));
    Map<String, Group> next = new HashMap<>(groups);
    next.put(group, new Group(g.lastChosen(), g.lastIndex(), members));
    return new FairnessLedger(version + 1, next);
  }

  /** Strict rotation over {@code members}, skipping those not {@code eligible}. */
  public Choice roundRobin(String group, String[] members, boolean[] eligible) {
    return choose(group, members, null, eligible, Method.ROUND_ROBIN, null, null);
  }

  /** Smallest count/weight among the eligible; {@code weights} null means equal weights. */
  public Choice weighted(String group, String[] members, int[] weights, boolean[] eligible) {
    return choose(group, members, weights, eligible, Method.WEIGHTED, null, null);
  }

  /** Fewest open leads, then oldest last assignment (epoch millis), then id. */
  public Choice leastLoaded(String group, String[] members, boolean[] eligible, int[] openLeads, long[] lastAssigned) {
    return choose(group, members, null, eligible, Method.LEAST_LOADED, openLeads, lastAssigned);
  }

  private enum Method { ROUND_ROBIN, WEIGHTED, LEAST_LOADED }

  private Choice choose(String key, String[] ids, int[] weights, boolean[] eligible, Method method,
      int[] open, long[] last) {
    int n = ids.length;
    Group group = groups.get(key);
    Map<String, Member> old = group == null ? Map.of() : group.members();
    long[] counts = new long[n];
    boolean any = false;
    // floor = min count/weight over members eligible before and now, as a fraction floorNum/floorDen
    long floorNum = -1;
    long floorDen = 1;
    for (int i = 0; i < n; i++) {
      Member m = old.get(ids[i]);
      counts[i] = m == null ? 0 : m.count();
      if (!eligible[i]) continue;
      any = true;
      if (m != null && m.eligible()) {
        long w = weight(weights, i);
        if (floorNum < 0 || counts[i] * floorDen < floorNum * w) {
          floorNum = counts[i];
          floorDen = w;
        }
      }
    }
    if (!any) return new Choice(-1, this);
    if (floorNum >= 0) {
      for (int i = 0; i < n; i++) {
        Member m = old.get(ids[i]);
        if (eligible[i] && (m == null || !m.eligible())) {
          counts[i] = Math.max(counts[i], floorNum * weight(weights, i) / floorDen);
        }
      }
    }
    long total = 0;
    long weightSum = 0;
    for (int i = 0; i < n; i++) {
      total += counts[i];
      weightSum += weight(weights, i);
    }
    int start = start(group, ids);
    int chosen = -1;
    for (int step = 1; step <= n; step++) {
      int i = Math.floorMod(start + step, n);
      if (!eligible[i]) continue;
      if (chosen < 0) {
        chosen = i;
        if (method == Method.ROUND_ROBIN) break;
        continue;
      }
      if (method == Method.WEIGHTED) {
        if (deficit(i, counts, weights, total, weightSum) > deficit(chosen, counts, weights, total, weightSum)) chosen = i;
      } else if (lessLoaded(i, chosen, ids, open, last)) {
        chosen = i;
      }
    }
    Map<String, Member> members = new HashMap<>(old);
    for (int i = 0; i < n; i++) {
      Member m = old.get(ids[i]);
      long received = m == null ? 0 : m.received();
      if (i == chosen) members.put(ids[i], new Member(counts[i] + 1, received + 1, true));
      else if (m != null || eligible[i]) members.put(ids[i], new Member(counts[i], received, eligible[i]));
    }
    Map<String, Group> next = new HashMap<>(groups);
    next.put(key, new Group(ids[chosen], chosen, members));
    return new Choice(chosen, new FairnessLedger(version + 1, next));
  }

  /** How far the member is behind its share of the next lead: (total + 1) × weight − Σweights × count. */
  private static long deficit(int i, long[] counts, int[] weights, long total, long weightSum) {
    return (total + 1) * weight(weights, i) - weightSum * counts[i];
  }

  private static boolean lessLoaded(int a, int b, String[] ids, int[] open, long[] last) {
    if (open[a] != open[b]) return open[a] < open[b];
    if (last[a] != last[b]) return last[a] < last[b];
    return ids[a].compareTo(ids[b]) < 0;
  }

  private static long weight(int[] weights, int i) {
    return weights == null ? 1 : weights[i];
  }

  /** The index rotation starts after: the member chosen last, or the place they held; -1 for a new group. */
  private static int start(Group group, String[] ids) {
    if (group == null || group.lastChosen() == null || ids.length == 0) return -1;
    for (int i = 0; i < ids.length; i++) if (ids[i].equals(group.lastChosen())) return i;
    return Math.floorMod(group.lastIndex() - 1, ids.length);
  }
}
