package dev.leadrouter.http;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code ?team=} and person filters of a list, resolved to people with the org chart in force
 * when the list is asked (read models keep the person, not their team: a rep who changes team takes
 * their leads and opportunities along).
 */
final class Teams {

  private Teams() {}

  /** An error naming {@code ?team} when the chart has no such team. */
  static void check(OrgChart org, Optional<String> team, List<FieldError> errors) {
    if (team.isPresent() && org.teams().stream().noneMatch(t -> t.id().equals(team.get()))) {
      errors.add(new FieldError("?team", "unknown team '" + team.get() + "'"));
    }
  }

  /** The people a team and person filter allow (both must hold); null when neither is given. */
  static Set<String> people(OrgChart org, Optional<String> team, Optional<String> personId) {
    if (team.isEmpty() && personId.isEmpty()) return null;
    return org.people().stream()
        .filter(p -> team.map(t -> t.equals(p.team())).orElse(true))
        .map(OrgChart.Person::id)
        .filter(id -> personId.map(id::equals).orElse(true))
        .collect(Collectors.toSet());
  }
}
