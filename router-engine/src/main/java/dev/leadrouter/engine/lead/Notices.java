package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is told what, resolved from the org chart at the moment a step fires (so a re-org between
 * assignment and escalation reaches the new manager). A step naming channels uses those; otherwise
 * each person's own channels. Pure.
 */
public final class Notices {

  private Notices() {}

  /** The rep is told about a lead just assigned to them. */
  public static List<Notice> forAssignment(OrgChart org, String repId) {
    List<Notice> out = new ArrayList<>();
    org.person(repId).ifPresent(rep -> addAll(out, rep, "rep", Notice.ASSIGNED, List.of()));
    return List.copyOf(out);
  }

  public static List<Notice> forStep(OrgChart org, SlaStep step, String repId, String region) {
    List<Notice> out = new ArrayList<>();
    List<String> channels = step.channels();
    switch (step.action()) {
      case REMIND -> org.person(repId).ifPresent(rep -> addAll(out, rep, "rep", Notice.REMINDER, channels));
      case ESCALATE_MANAGER -> {
        Optional<Person> manager = org.managerOf(repId).or(() -> regionManager(org, region));
        manager.ifPresent(m -> addAll(out, m, "manager", Notice.ESCALATION, channels));
        Optional<Person> director = org.directorAbove(repId)
            .or(() -> manager.flatMap(m -> OrgChart.DIRECTOR.equals(m.role()) ? Optional.empty() : org.directorAbove(m.id())));
        director.filter(d -> manager.map(m -> !m.id().equals(d.id())).orElse(true))
            .ifPresent(d -> out.add(new Notice(d.id(), "director", "email", Notice.ESCALATION_COPY)));
        if (manager.isEmpty() && director.isEmpty()) directors(org).forEach(d -> addAll(out, d, "director", Notice.ESCALATION, channels));
      }
      case ESCALATE_DIRECTOR -> escalateToRole(org, repId, OrgChart.DIRECTOR, channels, out);
      case ESCALATE_ROLE -> escalateToRole(org, repId, step.target(), channels, out);
      case COPY -> org.person(step.target()).ifPresent(p -> addAll(out, p, "copy", Notice.COPY, channels));
      case REASSIGN -> {
        org.person(repId).ifPresent(rep -> addAll(out, rep, "rep", Notice.REASSIGNED, channels));
        org.managerOf(repId).or(() -> regionManager(org, region))
            .ifPresent(m -> addAll(out, m, "manager", Notice.REASSIGNED, channels));
      }
      case BREACH -> {
        // Marking a breach tells someone only when the step names channels: the rep's manager.
        if (!channels.isEmpty()) {
          org.managerOf(repId).or(() -> regionManager(org, region))
              .ifPresent(m -> addAll(out, m, "manager", Notice.BREACHED, channels));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The escalation level a step reaches: 1 for the manager, 2 for the director, and for a named role
   * the number of management levels between the rep and the person holding it (1 when found elsewhere).
   */
  public static int escalationLevel(OrgChart org, SlaStep step, String repId) {
    if (step.action() != SlaAction.ESCALATE_ROLE) return Math.max(1, step.action().escalationLevel());
    Optional<Person> current = org.managerOf(repId);
    for (int level = 1; current.isPresent() && level <= org.people().size(); level++) {
      if (step.target().equals(current.get().role())) return level;
      current = org.managerOf(current.get().id());
    }
    return 1;
  }

  /** A manager moved a lead from the rep by hand: the rep is told it is no longer theirs. */
  public static List<Notice> forMove(OrgChart org, String repId) {
    List<Notice> out = new ArrayList<>();
    org.person(repId).ifPresent(rep -> addAll(out, rep, "rep", Notice.REASSIGNED, List.of()));
    return List.copyOf(out);
  }

  /** A rep was deactivated and their lead taken from them: their manager, else every director. */
  public static List<Notice> forWithdrawal(OrgChart org, String repId) {
    List<Notice> out = new ArrayList<>();
    Optional<Person> manager = org.managerOf(repId);
    if (manager.isPresent()) addAll(out, manager.get(), "manager", Notice.WITHDRAWN, List.of());
    else directors(org).forEach(d -> addAll(out, d, "director", Notice.WITHDRAWN, List.of()));
    return List.copyOf(out);
  }

  /** The fallback-queue notice: the region's manager, else every director. */
  public static List<Notice> forFallback(OrgChart org, String region) {
    List<Notice> out = new ArrayList<>();
    Optional<Person> manager = regionManager(org, region);
    if (manager.isPresent()) addAll(out, manager.get(), "manager", Notice.FALLBACK, List.of());
    else directors(org).forEach(d -> addAll(out, d, "director", Notice.FALLBACK, List.of()));
    return List.copyOf(out);
  }

  /** The nearest person above the rep holding {@code role}; else everyone holding it. */
  private static void escalateToRole(OrgChart org, String repId, String role, List<String> channels, List<Notice> out) {
    Optional<Person> holder = Optional.empty();
    Optional<Person> current = org.managerOf(repId);
    for (int hops = 0; current.isPresent() && hops <= org.people().size() && holder.isEmpty(); hops++) {
      if (role.equals(current.get().role())) holder = current;
      current = org.managerOf(current.get().id());
    }
    String as = OrgChart.DIRECTOR.equals(role) ? "director" : role;
    if (holder.isPresent()) addAll(out, holder.get(), as, Notice.ESCALATION, channels);
    else org.people().stream().filter(p -> role.equals(p.role())).forEach(p -> addAll(out, p, as, Notice.ESCALATION, channels));
  }

  private static Optional<Person> regionManager(OrgChart org, String region) {
    return org.region(region).flatMap(r -> org.person(r.managerId()));
  }

  private static List<Person> directors(OrgChart org) {
    return org.people().stream().filter(p -> OrgChart.DIRECTOR.equals(p.role())).toList();
  }

  private static void addAll(List<Notice> out, Person person, String role, String kind, List<String> channels) {
    for (String channel : channels.isEmpty() ? person.channels() : channels) {
      out.add(new Notice(person.id(), role, channel, kind));
    }
  }
}
