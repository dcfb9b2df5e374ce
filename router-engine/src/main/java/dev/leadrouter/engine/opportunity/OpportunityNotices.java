package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.vocab.Notice;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is told when an opportunity is downgraded or warned: its owner (role {@code rep}) and the
 * owner's manager (role {@code manager}), resolved from the org chart when it fires, each on their
 * own channels; and the summary of the last actions a silent warning carries. Pure.
 */
public final class OpportunityNotices {

  /** How many of the last actions a silent warning summarises. */
  static final int SUMMARY_ACTIONS = 3;

  private OpportunityNotices() {}

  public static List<Notice> forDowngrade(OrgChart org, String ownerId) {
    return ownerAndManager(org, ownerId, Notice.DOWNGRADED);
  }

  public static List<Notice> forSilentWarning(OrgChart org, String ownerId) {
    return ownerAndManager(org, ownerId, Notice.SILENT_WARNING);
  }

  /** "last actions: quote_sent (valid) at …; note at …" (the latest first), or "no actions recorded". */
  public static String summary(List<OpportunityView.Action> actions) {
    if (actions.isEmpty()) return "no actions recorded";
    List<String> parts = new ArrayList<>();
    for (int i = actions.size() - 1; i >= 0 && parts.size() < SUMMARY_ACTIONS; i--) {
      OpportunityView.Action a = actions.get(i);
      parts.add(a.type() + (a.valid() ? " (valid)" : "") + " at " + a.at());
    }
    return "last actions: " + String.join("; ", parts);
  }

  private static List<Notice> ownerAndManager(OrgChart org, String ownerId, String kind) {
    List<Notice> out = new ArrayList<>();
    org.person(ownerId).ifPresent(owner -> add(out, owner, "rep", kind));
    org.managerOf(ownerId).ifPresent(manager -> add(out, manager, "manager", kind));
    return List.copyOf(out);
  }

  private static void add(List<Notice> out, Person person, String role, String kind) {
    person.channels().forEach(channel -> out.add(new Notice(person.id(), role, channel, kind)));
  }
}
