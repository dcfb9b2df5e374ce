package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.lead.LeadReports;
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
  private final Executor blocking;

  public ReportRoutes(EngineDeps deps, Auth auth, LeadReadModel readModel, Executor blocking) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("reports", () -> concat(
        path("first-touch", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "first-touch", ALL, LeadReports::firstTouch, LeadReports::firstTouch,
                columns(LeadReports.FirstTouch.class), ReportRoutes::row)))),
        path("sla", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "sla", ALL, LeadReports::sla, LeadReports::sla, SLA_COLUMNS, ReportRoutes::slaRow)))),
        path("follow-up", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller -> {
          java.time.Instant now = deps.clock().instant();
          return report(caller, "follow-up", ALL, (facts, groupOf) -> LeadReports.followUp(facts, groupOf, now),
              (group, facts) -> LeadReports.followUp(group, facts, now), columns(LeadReports.FollowUp.class),
              ReportRoutes::row);
        }))),
        path("sources", () -> get(() -> allowedTo(Access.Action.READ_REPORTS, caller ->
            report(caller, "sources", SOURCE_AND_CAMPAIGN, LeadReports::sources, LeadReports::sources,
                columns(LeadReports.SourceNumbers.class), ReportRoutes::row))))));
  }

  /** Without {@code groupBy}: one group of every lead. */
  private static final Function<LeadReports.Facts, String> ALL = f -> ReportParams.ALL;
  /** The sources report without {@code groupBy}: per source and campaign, {@code source/campaign}. */
  private static final Function<LeadReports.Facts, String> SOURCE_AND_CAMPAIGN = f ->
      (f.source() == null ? ReportParams.NONE : f.source()) + "/" + (f.campaign() == null ? ReportParams.NONE : f.campaign());

  /** The fixed columns of the SLA report's CSV; one more per SLA step and escalation level found. */
  private static final List<String> SLA_COLUMNS =
      List.of("group", "leads", "assigned", "reminders", "breaches", "reassignments");

  /**
   * A report of the leads received in the window that the caller may see: {@code total} over all of
   * them, {@code groups} per {@code groupBy} (without it, per {@code ungrouped}).
   */
  private <G> Route report(Auth.Principal caller, String name, Function<LeadReports.Facts, String> ungrouped,
      BiFunction<List<LeadReports.Facts>, Function<LeadReports.Facts, String>, List<G>> grouped,
      BiFunction<String, List<LeadReports.Facts>, G> total, List<String> csvColumns,
      Function<G, Map<String, Object>> csvRow) {
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
      return onSuccess(CompletableFuture.supplyAsync(() -> readModel.reportFacts(window.from(), window.to(),
          scope.map(Access.LeadScope::reps).orElse(null), scope.map(Access.LeadScope::regions).orElse(null)), blocking),
          facts -> {
            List<G> groups = grouped.apply(facts, groupOf);
            if (csv) return complete(Csv.response(name, csvColumns, groups.stream().map(csvRow).toList()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("report", name);
            body.put("from", window.from());
            body.put("to", window.to());
            body.put("groupBy", groupBy.map(ReportParams.GroupBy::jsonName).orElse(null));
            body.put("total", total.apply(ReportParams.ALL, facts));
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
