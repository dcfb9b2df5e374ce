package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.vocab.Priorities;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInputParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lead-sources document ({@code GET/PUT /api/v1/sources}): every configured source. A {@link
 * DocumentStore} kind (entity id {@value #KIND}), versioned, JSON text in the journal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sources(List<SourceConfig> sources) {

  public static final String KIND = "sources";
  public static final DocumentStore.Kind DOCUMENT = new DocumentStore.Kind(KIND, Sources::errors);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  public Sources {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public static Sources empty() {
    return new Sources(List.of());
  }

  /** The enabled source with this id. */
  /** The credibility a source is configured with for the health score, {@link dev.leadrouter.engine.intake.HealthScore#DEFAULT_CREDIBILITY} when none. */
  public double credibility(String id) {
    return source(id).map(SourceConfig::credibility).filter(java.util.Objects::nonNull)
        .orElse(dev.leadrouter.engine.intake.HealthScore.DEFAULT_CREDIBILITY);
  }

  public Optional<SourceConfig> source(String id) {
    return sources.stream().filter(s -> s.id() != null && s.id().equals(id) && s.isEnabled()).findFirst();
  }

  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceConfig s = sources.get(i);
      String at = "/sources/" + i;
      if (s == null) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      if (s.id() == null || !ID.matcher(s.id()).matches()) {
        errors.add(new FieldError(at + "/id", "1 to 64 letters, digits, '-' or '_', starting with a letter or digit"));
      } else if (!ids.add(s.id())) {
        errors.add(new FieldError(at + "/id", "duplicate source id '" + s.id() + "'"));
      }
      Optional<SourceAdapter> adapter = SourceAdapters.byType(s.type());
      if (adapter.isEmpty()) {
        errors.add(new FieldError(at + "/type", "unknown adapter type '" + s.type() + "' (use one of "
            + String.join(", ", SourceAdapters.types()) + ")"));
      } else {
        List<FieldError> own = SourceKeys.check(s, adapter.get(), at);
        errors.addAll(own);
        // an adapter that checks its options itself may name the same unknown key again
        Set<String> named = new HashSet<>();
        own.forEach(e -> named.add(e.field()));
        adapter.get().validate(s, at).stream().filter(e -> !named.contains(e.field())).forEach(errors::add);
      }
      if (s.priority() != null && !Priorities.ALL.contains(s.priority())) {
        errors.add(new FieldError(at + "/priority", "unknown priority '" + s.priority() + "' (use low, normal, high or urgent)"));
      }
      if (s.credibility() != null && !(s.credibility() >= 0 && s.credibility() <= 1)) {
        errors.add(new FieldError(at + "/credibility", "between 0 and 1"));
      }
      for (int j = 0; j < s.tags().size(); j++) {
        if (s.tags().get(j) == null || s.tags().get(j).isBlank()) errors.add(new FieldError(at + "/tags/" + j, "must not be blank"));
      }
    }
    return errors;
  }

  /** The document as the API shows it: every secret replaced by {@value #KEEP} (set, not shown). */
  public Sources masked() {
    return new Sources(sources.stream().map(s -> s == null ? null : new SourceConfig(s.id(), s.type(),
        s.secrets().keySet().stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> "***",
            (a, b) -> a, java.util.TreeMap::new)),
        s.priority(), s.tags(), s.credibility(), s.options(), s.enabled())).toList());
  }

  /** What a secret sent back as shown ({@code "***"}) or left blank ({@code ""}) means: keep the stored one. */
  public static final String KEEP = "***";

  /**
   * This document with every secret sent as {@value #KEEP} or {@code ""} replaced by the value {@code
   * stored} has for the same source id, type and secret name (so a page that never sees the secrets can
   * save a document); such a secret with nothing stored is dropped (and the adapter's check names it
   * when it is required). A secret left out is removed.
   */
  public Sources keepingSecrets(Sources stored) {
    return new Sources(sources.stream().map(s -> {
      if (s == null) return null;
      SourceConfig before = stored.sources().stream()
          .filter(o -> o != null && o.id() != null && o.id().equals(s.id()) && java.util.Objects.equals(o.type(), s.type()))
          .findFirst().orElse(null);
      java.util.Map<String, String> secrets = new java.util.TreeMap<>();
      s.secrets().forEach((name, value) -> {
        if (value == null || value.equals(KEEP) || value.isEmpty()) {
          String old = before == null ? null : before.secrets().get(name);
          if (old != null && !old.isEmpty()) secrets.put(name, old);
        } else {
          secrets.put(name, value);
        }
      });
      return new SourceConfig(s.id(), s.type(), secrets, s.priority(), s.tags(), s.credibility(), s.options(), s.enabled());
    }).toList());
  }

  public static Sources parse(String json) {
    return ConfigJson.read(json, Sources.class);
  }

  public static List<FieldError> errors(String json) {
    return ConfigJson.errors(json, Sources.class, Sources::validate);
  }
}
