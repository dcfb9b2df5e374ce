package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.sla.SlaAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is told what, resolved from the org chart at the moment a step fires (so a re-org between
 * assignment and escalation reaches the new manager). Pure.
 */
public final class Notices {

  private Notices() {}

  public static List<Notice> forStep(OrgChart org, SlaAction action, String repId, String region) {
    List<Notice> out = new ArrayList<>();
    switch (action) {
      case REMIND -> org.person(repId).ifPresent(rep -> addAll(out, rep, "rep", Notice.REMINDER));
      case ESCALATE_MANAGER -> {
        Optional<Person> manager = org.managerOf(repId).or(() -> regionManager(org, region));
        manager.ifPresent(m -> addAll(out, m, "manager", Notice.ESCALATION));
        Optional<Person> director = org.directorAbove(repId)
            .or(() -> manager.flatMap(m -> OrgChart.DIRECTOR.equals(m.role()) ? Optional.empty() : org.directorAbove(m.id())));
        director.filter(d -> manager.map(m -> !m.id().equals(d.id())).orElse(true))
            .ifPresent(d -> out.add(new Notice(d.id(), "director", "email", Notice.ESCALATION_COPY)));
        if (manager.isEmpty() && director.isEmpty()) directors(org).forEach(d -> addAll(out, d, "director", Notice.ESCALATION));
      }
      case ESCALATE_DIRECTOR -> {
        Optional<Person> director = org.directorAbove(repId);
        if (director.isPresent()) addAll(out, director.get(), "director", Notice.ESCALATION);
        else directors(org).forEach(d -> addAll(out, d, "director", Notice.ESCALATION));
      }
    }
    return List.copyOf(out);
  }

  /** The fallback-queue notice: the region's manager, else every director. */
  public static List<Notice> forFallback(OrgChart org, String region) {
    List<Notice> out = new ArrayList<>();
    Optional<Person> manager = regionManager(org, region);
    if (manager.isPresent()) addAll(out, manager.get(), "manager", Notice.FALLBACK);
    else directors(org).forEach(d -> addAll(out, d, "director", Notice.FALLBACK));
    return List.copyOf(out);
  }

  private static Optional<Person> regionManager(OrgChart org, String region) {
    return org.region(region).flatMap(r -> org.person(r.managerId()));
  }

  private static List<Person> directors(OrgChart org) {
    return org.people().stream().filter(p -> OrgChart.DIRECTOR.equals(p.role())).toList();
  }

  private static void addAll(List<Notice> out, Person person, String role, String kind) {
    for (String channel : person.channels()) out.add(new Notice(person.id(), role, channel, kind));
  }
}
