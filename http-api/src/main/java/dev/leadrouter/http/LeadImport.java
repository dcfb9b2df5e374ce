package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.dedup.Intake;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.LeadInputParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bulk import of leads from a file ({@code POST /api/v1/imports}): each data row becomes the JSON
 * body {@code POST /leads} would take and goes through the same parser ({@link LeadInputParser}),
 * storage checks ({@link Intake#unstorable}), cleaning and {@link Intake}; a dry run asks the key
 * claims what the intake would do ({@link Intake#wouldAccept}) and writes nothing. Each row's source
 * event is {@code import:<first 16 hex of the file's SHA-256>:<row>}, so the same file imported again
 * creates nothing. Runs on the blocking dispatcher, one batch of rows at a time.
 */
final class LeadImport {

  /** The canonical fields a column may fill (the text fields of {@code POST /leads}). */
  static final List<String> FIELDS = List.of("name", "phone", "email", "company", "region", "industry", "budget",
      "priority", "notes", "source");
  static final String DEFAULT_SOURCE = "import";
  static final int MAX_ERRORS = 1_000;
  private static final int BATCH = 200;

  /** The {@code mapping} part: canonical field → column header, defaults for empty cells, routing. */
  record Mapping(Map<String, String> columns, Map<String, String> defaults, boolean route) {}

  /** The whole file refused: 400 with these errors (bad mapping, no header row …). */
  static final class Refused extends RuntimeException {
    final List<FieldError> errors;

    Refused(List<FieldError> errors) {
      super(errors.toString());
      this.errors = errors;
    }
  }

  /** More data rows than {@code leadrouter.imports.max-rows}: 413. */
  static final class TooManyRows extends RuntimeException {
    final int limit;

    TooManyRows(int limit) {
      super("more than " + limit + " rows");
      this.limit = limit;
    }
  }

  /** One data row's outcome: created, merged, duplicate or refused (with the errors). */
  record RowResult(int row, String outcome, String leadId, List<FieldError> errors) {}

  /** The answer, and every row for the CSV report. */
  record Summary(boolean dryRun, int rows, int created, int merged, int duplicate, int refused, boolean routed,
      List<Map<String, Object>> errors, List<RowResult> results) {}

  private final EngineDeps deps;
  private final Intake intake;
  private final Duration askTimeout;

  LeadImport(EngineDeps deps, Intake intake, Duration askTimeout) {
    this.deps = deps;
    this.intake = intake;
    this.askTimeout = askTimeout;
  }

  /**
   * Reads the {@code mapping} part; every problem names {@code /mapping/<field>}. Members: canonical
   * field → header; {@code defaults}: canonical field → value for an empty or unmapped cell;
   * {@code route}: whether imported leads are routed (default false: recorded {@code UNROUTED}).
   */
  static Mapping mapping(JsonNode json, List<FieldError> errors) {
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    boolean route = false;
    if (json == null || !json.isObject()) {
      errors.add(new FieldError("/mapping", "must be a JSON object: canonical field → column header"));
      return null;
    }
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) json::fields) {
      String field = e.getKey();
      JsonNode value = e.getValue();
      if (field.equals("route")) {
        if (!value.isBoolean()) errors.add(new FieldError("/mapping/route", "must be true or false"));
        else route = value.booleanValue();
      } else if (field.equals("defaults")) {
        if (!value.isObject()) {
          errors.add(new FieldError("/mapping/defaults", "must be an object: canonical field → value"));
          continue;
        }
        for (Map.Entry<String, JsonNode> d : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
          if (!FIELDS.contains(d.getKey())) {
            errors.add(new FieldError("/mapping/defaults/" + d.getKey(), "unknown field (use " + String.join(", ", FIELDS) + ")"));
          } else if (!d.getValue().isTextual()) {
            errors.add(new FieldError("/mapping/defaults/" + d.getKey(), "must be a string"));
          } else {
            defaults.put(d.getKey(), d.getValue().textValue());
          }
        }
      } else if (!FIELDS.contains(field)) {
        errors.add(new FieldError("/mapping/" + field, "unknown field (use " + String.join(", ", FIELDS) + ", defaults, route)"));
      } else if (!value.isTextual() || value.textValue().isBlank()) {
        errors.add(new FieldError("/mapping/" + field, "must be a column header"));
      } else {
        columns.put(field, value.textValue().strip());
      }
    }
    if (columns.isEmpty() && errors.isEmpty()) errors.add(new FieldError("/mapping", "map at least one column"));
    return new Mapping(columns, defaults, route);
  }

  /** A row read and checked: the input the intake takes, or the row's errors. */
  private record Checked(int row, LeadInput input, List<FieldError> errors) {}

  /**
   * Reads the file, checks every row, then (dry run) asks what the intake would do or (import) sends
   * each accepted row through it, a batch at a time; answers once every imported row is durable.
   */
  Summary run(Path file, ImportSheet.Kind kind, String fileSha256, Mapping mapping, boolean dryRun, int maxRows) {
    List<Checked> checked = new ArrayList<>();
    Map<String, Integer> columnOf = new HashMap<>();
    String eventPrefix = "import:" + fileSha256.substring(0, 16) + ":";
    ImportSheet.read(file, kind, (number, cells) -> {
      if (columnOf.isEmpty()) {
        header(cells, mapping, columnOf);
        return;
      }
      if (checked.size() >= maxRows) throw new TooManyRows(maxRows);
      checked.add(check(number, cells, mapping, columnOf, eventPrefix + number));
    });
    if (columnOf.isEmpty()) throw new Refused(List.of(new FieldError("/file", "the file has no header row")));

    List<RowResult> results = new ArrayList<>(checked.size());
    Set<String> earlier = new HashSet<>();
    for (int from = 0; from < checked.size(); from += BATCH) {
      List<Checked> batch = checked.subList(from, Math.min(checked.size(), from + BATCH));
      List<Checked> ok = batch.stream().filter(c -> c.input() != null).toList();
      List<String[]> outcomes = dryRun ? dry(ok, earlier) : imported(ok, mapping.route());
      int next = 0;
      for (Checked c : batch) {
        if (c.input() == null) {
          results.add(new RowResult(c.row(), "refused", null, c.errors()));
        } else {
          String[] o = outcomes.get(next++);
          results.add(new RowResult(c.row(), o[0], o[1], List.of()));
        }
      }
    }
    return summary(dryRun, results, mapping.route());
  }

  private static void header(List<String> cells, Mapping mapping, Map<String, Integer> columnOf) {
    List<FieldError> errors = new ArrayList<>();
    mapping.columns().forEach((field, header) -> {
      int at = cells.indexOf(header);
      if (at < 0) errors.add(new FieldError("/mapping/" + field, "no column '" + header + "' in the file (its columns: "
          + String.join(", ", cells) + ")"));
      else columnOf.put(field, at);
    });
    if (!errors.isEmpty()) throw new Refused(errors);
  }

  /** The row as a {@code POST /leads} body, through the intake's parser and checks; errors name the column. */
  private Checked check(int number, List<String> cells, Mapping mapping, Map<String, Integer> columnOf, String sourceEventId) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    for (String field : FIELDS) {
      Integer at = columnOf.get(field);
      String value = at != null && at < cells.size() ? cells.get(at) : "";
      if (value.isEmpty()) value = mapping.defaults().getOrDefault(field, "");
      if (!value.isEmpty()) body.put(field, value);
    }
    if (!body.has("source")) body.put("source", DEFAULT_SOURCE);
    body.put("sourceEventId", sourceEventId);
    LeadInputParser.Result parsed = LeadInputParser.parse(body);
    List<FieldError> errors = new ArrayList<>(parsed.errors());
    if (parsed.ok()) {
      errors.addAll(Intake.unstorable(parsed.input(), null, null));
      CleanLead clean = deps.settings().clean(parsed.input());
      if (parsed.input().phone() != null && clean.flags().contains(LeadCleaner.PHONE_INVALID)) {
        errors.add(new FieldError("/phone", "not a valid phone number"));
      }
      if (parsed.input().email() != null && clean.flags().contains(LeadCleaner.EMAIL_INVALID)) {
        errors.add(new FieldError("/email", "not a valid e-mail address"));
      }
    }
    if (errors.isEmpty()) return new Checked(number, parsed.input(), List.of());
    return new Checked(number, null, errors.stream().map(e -> new FieldError(column(e.field(), mapping), e.message())).toList());
  }

  /** The column header a canonical pointer ({@code /phone}) was read from, else the pointer. */
  private static String column(String pointer, Mapping mapping) {
    String field = pointer.startsWith("/") ? pointer.substring(1) : pointer;
    return mapping.columns().getOrDefault(field, pointer);
  }

  private List<String[]> dry(List<Checked> ok, Set<String> earlier) {
    List<Intake.How> hows = join(intake.wouldAccept(ok.stream().map(Checked::input).toList(), earlier).toCompletableFuture());
    return hows.stream().map(h -> new String[] {outcome(h), null}).toList();
  }

  private List<String[]> imported(List<Checked> ok, boolean route) {
    List<CompletableFuture<Intake.Outcome>> sent = ok.stream()
        .map(c -> intake.accept(c.input(), Optional.empty(), c.input().sourceEventId(), route).toCompletableFuture()).toList();
    List<String[]> out = new ArrayList<>(sent.size());
    for (CompletableFuture<Intake.Outcome> f : sent) {
      Intake.Accepted a = (Intake.Accepted) join(f);
      out.add(new String[] {outcome(a.how()), a.lead().leadId()});
    }
    return out;
  }

  private <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(askTimeout.toMillis() * 4, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the intake did not answer in time", e);
    }
  }

  private static String outcome(Intake.How how) {
    return switch (how) {
      case CREATED -> "created";
      case MERGED -> "merged";
      case DUPLICATE -> "duplicate";
    };
  }

  private static Summary summary(boolean dryRun, List<RowResult> results, boolean routed) {
    int created = 0, merged = 0, duplicate = 0, refused = 0;
    List<Map<String, Object>> errors = new ArrayList<>();
    for (RowResult r : results) {
      switch (r.outcome()) {
        case "created" -> created++;
        case "merged" -> merged++;
        case "duplicate" -> duplicate++;
        default -> {
          refused++;
          for (FieldError e : r.errors()) {
            if (errors.size() < MAX_ERRORS) errors.add(errorOf(r.row(), e));
          }
        }
      }
    }
    return new Summary(dryRun, results.size(), created, merged, duplicate, refused, routed, errors, results);
  }

  private static Map<String, Object> errorOf(int row, FieldError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("row", row);
    m.put("field", e.field());
    m.put("message", e.message());
    return m;
  }

  /** The per-row report: one line per row (one per error for a refused row). */
  static List<Map<String, Object>> report(Summary s) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (RowResult r : s.results()) {
      if (r.errors().isEmpty()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r.row());
        m.put("outcome", r.outcome());
        m.put("leadId", r.leadId() == null ? "" : r.leadId());
        m.put("field", "");
        m.put("message", "");
        lines.add(m);
      }
      for (FieldError e : r.errors()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r.row());
        m.put("outcome", r.outcome());
        m.put("leadId", "");
        m.put("field", e.field());
        m.put("message", e.message());
        lines.add(m);
      }
    }
    return lines;
  }

  static final List<String> REPORT_COLUMNS = List.of("row", "outcome", "leadId", "field", "message");
}
