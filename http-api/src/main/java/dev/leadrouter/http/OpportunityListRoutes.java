package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.opportunity.Funnel;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The opportunity read models over HTTP: {@code GET /opportunities?stage=&ownerId=&team=&region=
 * &idleFor=&limit=&cursor=} (the list, newest opened first, a page at a time) and {@code GET
 * /reports/funnel?from=&to=&pipeline=&region=&team=&source=&groupBy=&format=} (per stage: entered,
 * conversion to a later stage, median time in stage, downgrades; per day or week with {@code groupBy}). Both read projections (consistent within about a
 * second) and show a rep their own opportunities, a manager those of their chain and regions, an
 * admin or director all ({@link Access#opportunityScope}). A bad parameter is a 400 naming it.
 */
public final class OpportunityListRoutes extends ApiDirectives {

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final String DEFAULT_PIPELINE = "default";

  private final EngineDeps deps;
  private final OpportunityReadModel readModel;
  private final PipelineStages pipelines;
  private final Executor blocking;

  public OpportunityListRoutes(EngineDeps deps, Auth auth, OpportunityReadModel readModel, PipelineStages pipelines,
      Executor blocking) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.pipelines = pipelines;
    this.blocking = blocking;
  }

  public Route route() {
    return concat(
        pathPrefix("opportunities", () -> pathEndOrSingleSlash(() ->
            get(() -> allowedTo(Access.Action.LIST_OPPORTUNITIES, this::list)))),
        path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("reports").slash("funnel"), () ->
            get(() -> allowedTo(Access.Action.READ_FUNNEL, this::funnel))));
  }

  private Route list(Auth.Principal caller) {
    return parameterMap(params -> {
      List<FieldError> errors = new ArrayList<>();
      OrgChart org = deps.directory().current();
      String stage = text(params, "stage", 64, errors);
      String ownerId = text(params, "ownerId", 64, errors);
      String region = text(params, "region", 32, errors);
      Optional<String> team = Optional.ofNullable(text(params, "team", 64, errors));
      Teams.check(org, team, errors);
      Instant idleSince = Optional.ofNullable(params.get("idleFor")).map(d -> idleFor(d, errors))
          .map(d -> deps.clock().instant().minus(d)).orElse(null);
      int limit = limit(Optional.ofNullable(params.get("limit")), DEFAULT_LIMIT, MAX_LIMIT, errors);
      OpportunityReadModel.Cursor cursor = Optional.ofNullable(params.get("cursor")).map(c ->
          OpportunityReadModel.Cursor.decode(c).orElseGet(() -> {
            errors.add(new FieldError("?cursor", "not a cursor this list gave (use nextCursor as it is)"));
            return null;
          })).orElse(null);
      if (!errors.isEmpty()) return complete(Problems.invalid(errors));
      OpportunityReadModel.ListFilter filter = new OpportunityReadModel.ListFilter(stage,
          owners(org, team, ownerId), region, idleSince, scope(org, caller));
      return onSuccess(CompletableFuture.supplyAsync(() -> readModel.list(filter, limit, cursor), blocking),
          page -> complete(Json.response(StatusCodes.OK, page)));
    });
  }

  /** One stage of the funnel as the report shows it: {@code medianTimeInStage} also as an ISO duration. */
  public record FunnelStage(String stage, int entered, Integer converted, Double conversion, Long medianMsInStage,
      String medianTimeInStage, int downgrades) {
    static FunnelStage of(Funnel.StageReport r) {
      return new FunnelStage(r.stage(), r.entered(), r.converted(), r.conversion(), r.medianMsInStage(),
          r.medianMsInStage() == null ? null : Duration.ofMillis(r.medianMsInStage()).toString(), r.downgrades());
    }
  }

  /**
   * The funnel over the window, and with {@code groupBy=day|week} per period too ({@code periods}:
   * each period's cohort, the same numbers per stage); {@code format=csv}: one row per period (or
   * {@code all}) and stage.
   */
  private Route funnel(Auth.Principal caller) {
    return parameterMap(params -> {
      List<FieldError> errors = new ArrayList<>();
      OrgChart org = deps.directory().current();
      ReportParams.Window window = ReportParams.window(params, deps.clock().instant(), errors);
      Optional<ReportParams.GroupBy> groupBy = ReportParams.groupBy(params, errors);
      if (groupBy.isPresent() && groupBy.get() != ReportParams.GroupBy.DAY && groupBy.get() != ReportParams.GroupBy.WEEK) {
        errors.add(new FieldError("?groupBy", "day or week for the funnel (region, team and source are its filters)"));
      }
      boolean csv = ReportParams.csv(params, errors);
      String pipeline = Optional.ofNullable(text(params, "pipeline", 64, errors)).orElse(DEFAULT_PIPELINE);
      String region = text(params, "region", 32, errors);
      String source = text(params, "source", 64, errors);
      Optional<String> team = Optional.ofNullable(text(params, "team", 64, errors));
      Teams.check(org, team, errors);
      if (!errors.isEmpty()) return complete(Problems.invalid(errors));
      Instant from = window.from();
      Instant to = window.to();
      OpportunityReadModel.FunnelFilter filter = new OpportunityReadModel.FunnelFilter(from, to, pipeline, region,
          owners(org, team, null), source, scope(org, caller));
      Optional<Funnel.Stages> stages = pipelines.of(pipeline);
      List<ReportParams.Period> periods = groupBy.map(g -> ReportParams.periods(window, g)).orElse(List.of());
      return onSuccess(CompletableFuture.supplyAsync(() -> readModel.stageLog(filter), blocking), log -> {
        List<FunnelStage> all = Funnel.compute(log, from, to, stages).stream().map(FunnelStage::of).toList();
        List<FunnelPeriod> perPeriod = periods.stream().map(p -> new FunnelPeriod(p.label(), p.from(), p.to(),
            Funnel.compute(log, p.from(), p.to(), stages).stream().map(FunnelStage::of).toList())).toList();
        if (csv) {
          List<Map<String, Object>> rows = new ArrayList<>();
          if (perPeriod.isEmpty()) all.forEach(s -> rows.add(csvRow(ReportParams.ALL, s)));
          perPeriod.forEach(p -> p.stages().forEach(s -> rows.add(csvRow(p.period(), s))));
          return complete(Csv.response("funnel", FUNNEL_COLUMNS, rows));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", pipeline);
        body.put("from", from);
        body.put("to", to);
        body.put("stageOrderKnown", stages.isPresent());
        body.put("stages", all);
        if (groupBy.isPresent()) {
          body.put("groupBy", groupBy.get().jsonName());
          body.put("periods", perPeriod);
        }
        return complete(Json.response(StatusCodes.OK, body));
      });
    });
  }

  /** One period of the funnel: the cohort of the entries within it. */
  public record FunnelPeriod(String period, Instant from, Instant to, List<FunnelStage> stages) {}

  private static final List<String> FUNNEL_COLUMNS = List.of("period", "stage", "entered", "converted", "conversion",
      "medianMsInStage", "medianTimeInStage", "downgrades");

  private static Map<String, Object> csvRow(String period, FunnelStage s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("period", period);
    row.put("stage", s.stage());
    row.put("entered", s.entered());
    row.put("converted", s.converted());
    row.put("conversion", s.conversion());
    row.put("medianMsInStage", s.medianMsInStage());
    row.put("medianTimeInStage", s.medianTimeInStage());
    row.put("downgrades", s.downgrades());
    return row;
  }

  /** The owners a team and owner filter allow (null: any); an owner alone need not be in the chart. */
  private static Set<String> owners(OrgChart org, Optional<String> team, String ownerId) {
    if (team.isEmpty()) return ownerId == null ? null : Set.of(ownerId);
    return Teams.people(org, team, Optional.ofNullable(ownerId));
  }

  private static OpportunityReadModel.Scope scope(OrgChart org, Auth.Principal caller) {
    return new Access(org).opportunityScope(caller)
        .map(s -> new OpportunityReadModel.Scope(s.reps(), s.regions())).orElse(null);
  }

  /** A text parameter, absent = null; blank or longer than {@code max} adds an error naming it. */
  private static String text(Map<String, String> params, String name, int max, List<FieldError> errors) {
    String value = params.get(name);
    if (value == null) return null;
    String v = value.strip();
    if (v.isEmpty() || v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError("?" + name, "1 to " + max + " characters"));
      return null;
    }
    return v;
  }

  /** {@code ?idleFor=}: a positive ISO-8601 duration ({@code PT48H}, {@code P2D}). */
  private static Duration idleFor(String text, List<FieldError> errors) {
    try {
      Duration d = Duration.parse(text.strip());
      if (!d.isNegative() && !d.isZero()) return d;
    } catch (DateTimeException e) {
      // named below
    }
    errors.add(new FieldError("?idleFor", "a positive ISO-8601 duration such as PT48H or P2D"));
    return null;
  }
}
