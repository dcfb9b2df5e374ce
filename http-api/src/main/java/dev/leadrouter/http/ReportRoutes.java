package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.lead.LeadReports;
import dev.leadrouter.persistence.lead.SourceHealthAlert;
import dev.leadrouter.persistence.rep.RepRotationLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The lead reports over HTTP (docs/reports.md): {@code GET /reports/first-touch} and {@code GET
 * /reports/sla}, each {@code ?from=&to=&groupBy=&format=}, from the lead read model's report facts
 * (V14, ADR 0022). Admin and director see every lead, a manager the leads of their chain and the
 * regions they manage ({@link Access#leadScope}), a rep none (403). JSON by default, CSV on {@code
 * format=csv} (one row per group).
 */
public final class ReportRoutes extends ApiDirectives {

  private final EngineDeps deps;
  private final LeadReadModel readModel;
  private final RepRotationLog rotationLog;
  private final SourceHealthAlert.Settings sourceAlert;
  private final Executor blocking;

  public ReportRoutes(EngineDeps deps, Auth auth, LeadReadModel readModel, RepRotationLog rotationLog,
      SourceHealthAlert.Settings sourceAlert, Executor blocking) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.rotationLog = rotationLog;
    this.sourceAlert = sourceAlert;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("reports", () -> concat(
        path("first-touch", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "first-touch", ALL, LeadReports::firstTouch, LeadReports::firstTouch,
                columns(LeadReports.FirstTouch.class), ReportRoutes::row, Finish.none(), Map.of())))),
        path("sla", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "sla", ALL, LeadReports::sla, LeadReports::sla, SLA_COLUMNS, ReportRoutes::slaRow,
                this::withRotation, Map.of())))),
        path("follow-up", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller -> {
          java.time.Instant now = deps.clock().instant();
          return report(caller, "follow-up", ALL, (facts, groupOf) -> LeadReports.followUp(facts, groupOf, now),
              (group, facts) -> LeadReports.followUp(group, facts, now), columns(LeadReports.FollowUp.class),
              ReportRoutes::row, Finish.none(), Map.of());
        }))),
        path("sources", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "sources", SOURCE_AND_CAMPAIGN, LeadReports::sources, LeadReports::sources,
                columns(LeadReports.SourceNumbers.class), ReportRoutes::row, Finish.none(),
                Map.of("healthThreshold", sourceAlert.threshold(), "healthWindow", sourceAlert.window())))))));
  }

  /** Without {@code groupBy}: one group of every lead. */
  private static final Function<LeadReports.Facts, String> ALL = f -> ReportParams.ALL;
  /** The sources report without {@code groupBy}: per source and campaign, {@code source/campaign}. */
  private static final Function<LeadReports.Facts, String> SOURCE_AND_CAMPAIGN = f ->
      (f.source() == null ? ReportParams.NONE : f.source()) + "/" + (f.campaign() == null ? ReportParams.NONE : f.campaign());

  /** The fixed columns of the SLA report's CSV; one more per SLA step and escalation level found. */
  private static final List<String> SLA_COLUMNS =
      List.of("group", "leads", "assigned", "reminders", "breaches", "reassignments", "repsBenched", "repsRestored");

  /** A report's groups and total once computed. */
  private record Finished<G>(List<G> groups, G total) {}

  /**
   * What a report adds after its lead numbers, on the blocking pool (it may read more): the SLA
   * report its reps benched ({@link #withRotation}).
   */
  @FunctionalInterface
  private interface Finish<G> {
    Finished<G> apply(Finished<G> computed, ReportParams.Window window, Optional<ReportParams.GroupBy> groupBy,
        OrgChart org, Optional<Access.LeadScope> scope);

    static <G> Finish<G> none() {
      return (computed, window, groupBy, org, scope) -> computed;
    }
  }

  /** Groups by which a benching (a rep's, at an instant) is counted; by source, campaign or region it is not. */
  private static final java.util.Set<ReportParams.GroupBy> ROTATION_GROUPS = java.util.EnumSet.of(
      ReportParams.GroupBy.TEAM, ReportParams.GroupBy.REP, ReportParams.GroupBy.DAY, ReportParams.GroupBy.WEEK);

  /**
   * The SLA report's reps benched and restored in the window (rep_rotation_log; a manager's: the reps
   * of their chain), per group by the rep's team, the rep, or the day or week of the change; a group
   * that has benchings but no lead in the window is added with zero leads. By source, campaign or
   * region the groups have none (null), the total has them all.
   */
  private Finished<LeadReports.Sla> withRotation(Finished<LeadReports.Sla> computed, ReportParams.Window window,
      Optional<ReportParams.GroupBy> groupBy, OrgChart org, Optional<Access.LeadScope> scope) {
    List<RepRotationLog.Entry> entries = rotationLog.entries(window.from(), window.to(),
        scope.map(Access.LeadScope::reps).orElse(null));
    LeadReports.Sla total = computed.total().withRotation(benched(entries, true), benched(entries, false));
    if (groupBy.isPresent() && !ROTATION_GROUPS.contains(groupBy.get())) {
      return new Finished<>(computed.groups().stream().map(g -> g.withRotation(null, null)).toList(), total);
    }
    Function<RepRotationLog.Entry, String> groupOf = groupBy.<Function<RepRotationLog.Entry, String>>map(g ->
        g.of(org, RepRotationLog.Entry::repId, e -> null, e -> null, e -> null, RepRotationLog.Entry::at)).orElse(e -> ReportParams.ALL);
    Map<String, List<RepRotationLog.Entry>> byGroup = entries.stream().collect(
        java.util.stream.Collectors.groupingBy(groupOf));
    java.util.TreeMap<String, LeadReports.Sla> groups = new java.util.TreeMap<>();
    computed.groups().forEach(g -> groups.put(g.group(), g));
    byGroup.keySet().forEach(group -> groups.computeIfAbsent(group, k -> LeadReports.sla(k, List.of())));
    return new Finished<>(groups.values().stream().map(g -> {
      List<RepRotationLog.Entry> of = byGroup.getOrDefault(g.group(), List.of());
      return g.withRotation(benched(of, true), benched(of, false));
    }).toList(), total);
  }

  private static int benched(List<RepRotationLog.Entry> entries, boolean benched) {
    return (int) entries.stream().filter(e -> e.benched() == benched).count();
  }

  /**
   * A report of the leads received in the window that the caller may see: {@code total} over all of
   * them, {@code groups} per {@code groupBy} (without it, per {@code ungrouped}).
   */
  private <G> Route report(Auth.Principal caller, String name, Function<LeadReports.Facts, String> ungrouped,
      BiFunction<List<LeadReports.Facts>, Function<LeadReports.Facts, String>, List<G>> grouped,
      BiFunction<String, List<LeadReports.Facts>, G> total, List<String> csvColumns,
      Function<G, Map<String, Object>> csvRow, Finish<G> finish, Map<String, Object> about) {
    return parameterMap(params -> {
      List<FieldError> errors = new ArrayList<>();
      ReportParams.Window window = ReportParams.window(params, deps.clock().instant(), errors);
      Optional<ReportParams.GroupBy> groupBy = ReportParams.groupBy(params, errors);
      boolean csv = ReportParams.csv(params, errors);
      if (!errors.isEmpty()) return complete(Problems.invalid(errors));
      OrgChart org = deps.directory().current();
      Optional<Access.LeadScope> scope = new Access(org).leadScope(caller);
      Function<LeadReports.Facts, String> groupOf = groupBy.<Function<LeadReports.Facts, String>>map(g ->
          g.of(org, LeadReports.Facts::repId, LeadReports.Facts::source, LeadReports.Facts::campaign,
              LeadReports.Facts::region, LeadReports.Facts::receivedAt)).orElse(ungrouped);
      return onSuccess(CompletableFuture.supplyAsync(() -> {
            List<LeadReports.Facts> facts = readModel.reportFacts(window.from(), window.to(),
                scope.map(Access.LeadScope::reps).orElse(null), scope.map(Access.LeadScope::regions).orElse(null));
            return finish.apply(new Finished<>(grouped.apply(facts, groupOf), total.apply(ReportParams.ALL, facts)),
                window, groupBy, org, scope);
          }, blocking),
          finished -> {
            List<G> groups = finished.groups();
            if (csv) return complete(Csv.response(name, csvColumns, groups.stream().map(csvRow).toList()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("report", name);
            body.put("from", window.from());
            body.put("to", window.to());
            body.put("groupBy", groupBy.map(ReportParams.GroupBy::jsonName).orElse(null));
            body.putAll(new java.util.TreeMap<>(about));
            body.put("total", finished.total());
            body.put("groups", groups);
            return complete(Json.response(StatusCodes.OK, body));
          });
    });
  }

  private static List<String> columns(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> row(Object group) {
    return Json.MAPPER.convertValue(group, LinkedHashMap.class);
  }

  /** One group of the SLA report as a CSV row: its steps and escalation levels flattened into columns. */
  private static Map<String, Object> slaRow(LeadReports.Sla g) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("group", g.group());
    out.put("leads", g.leads());
    out.put("assigned", g.assigned());
    out.put("reminders", g.reminders());
    out.put("breaches", g.breaches());
    out.put("reassignments", g.reassignments());
    out.put("repsBenched", g.repsBenched());
    out.put("repsRestored", g.repsRestored());
    g.escalations().forEach((level, n) -> out.put("escalationsLevel" + level, n));
    for (LeadReports.StepAttainment s : g.steps()) {
      String prefix = "step" + s.step() + "_" + s.action();
      out.put(prefix + "_leads", s.leads());
      out.put(prefix + "_attained", s.attained());
      out.put(prefix + "_share", s.share());
    }
    return out;
  }
}
