package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.HealthScore;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.engine.intake.source.SourceAdapters;
import dev.leadrouter.engine.intake.source.SourceConfig;
import dev.leadrouter.engine.intake.source.Sources;
import dev.leadrouter.engine.intake.source.SourceTemplates;
import dev.leadrouter.persistence.source.SourceDeliveryLog;
import dev.leadrouter.persistence.source.SourceEventStore;
import dev.leadrouter.persistence.source.SourceIntake;
import dev.leadrouter.persistence.fetch.SourcePullStore;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/sources}: the lead-sources document (admin) and the endpoint platforms post to,
 * {@code POST /api/v1/sources/{sourceId}/events}. A delivery is verified by its adapter (401 and
 * nothing kept when not authentic), kept verbatim, parsed, and every lead with a phone or an e-mail
 * is accepted like a canonical lead (the source event id makes a retried delivery the same lead).
 * {@code GET /api/v1/sources/{sourceId}/fetches} (admin) shows what is still to be fetched or pulled.
 */
public final class SourceRoutes extends ApiDirectives {

  private static final Set<String> MEDIA_TYPES = Set.of("application/json", "application/x-www-form-urlencoded",
      "multipart/form-data", "text/xml", "application/xml");
  /** Request headers never kept with a delivery. */
  private static final Set<String> NOT_KEPT = Set.of("authorization", "cookie", "proxy-authorization");

  private final EngineDeps deps;
  private final SourceIntake sourceIntake;
  private final SourceEventStore sourceEvents;
  private final SourcePullStore sourcePulls;
  private final SourceDeliveryLog deliveryLog;
  private final String publicBaseUrl;
  private final Executor blocking;
  private final Duration askTimeout;

  public SourceRoutes(EngineDeps deps, Auth auth, SourceIntake sourceIntake, SourceEventStore sourceEvents,
      SourcePullStore sourcePulls, SourceDeliveryLog deliveryLog, String publicBaseUrl, Executor blocking, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.sourceIntake = sourceIntake;
    this.sourceEvents = sourceEvents;
    this.sourcePulls = sourcePulls;
    this.deliveryLog = deliveryLog;
    this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.replaceAll("/+$", "");
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return pathPrefix("sources", () -> concat(
        pathEnd(() -> concat(
            get(() -> allowedTo(Access.Action.MANAGE_SOURCES, p -> current())),
            put(() -> allowedTo(Access.Action.MANAGE_SOURCES, this::replace)))),
        path("templates", () -> get(() -> allowedTo(Access.Action.MANAGE_SOURCES, p -> templates()))),
        path(PathMatchers.segment().slash("test-delivery"), sourceId ->
            post(() -> allowedTo(Access.Action.MANAGE_SOURCES, p -> testDelivery(sourceId)))),
        path(PathMatchers.segment().slash("deliveries"), sourceId ->
            get(() -> allowedTo(Access.Action.MANAGE_SOURCES, p -> deliveries(sourceId)))),
        path(PathMatchers.segment().slash("events"), sourceId -> concat(
            post(() -> receive(sourceId)),
            get(() -> handshake(sourceId)))),
        path(PathMatchers.segment().slash("fetches"), sourceId ->
            get(() -> allowedTo(Access.Action.MANAGE_SOURCES, p -> fetches(sourceId)))),
        path(PathMatchers.segment().slash("preview"), sourceId ->
            post(() -> allowedTo(Access.Action.PREVIEW_SOURCE, p -> preview(sourceId))))));
  }

  // ---------------------------------------------------------------- the document

  private Route current() {
    return onSuccess(store().ask(DocumentStore.Get::new, askTimeout), v -> {
      Sources masked = (v.json() == null ? Sources.empty() : Sources.parse(v.json())).masked();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("version", v.version());
      body.put("by", v.by());
      body.put("at", v.at());
      body.put("document", Json.MAPPER.valueToTree(masked));
      body.put("adapterTypes", SourceAdapters.types());
      return extractRequest(request -> {
        Map<String, Object> webhooks = new LinkedHashMap<>();
        for (SourceConfig s : masked.sources()) {
          if (s != null && s.id() != null) webhooks.put(s.id(), webhook(request, s));
        }
        body.put("webhooks", webhooks);
        return complete(Json.response(StatusCodes.OK, body));
      });
    });
  }

  private Route replace(Auth.Principal admin) {
    return jsonBody((json, raw) -> {
      if (!json.isObject()) return complete(Problems.invalid(List.of(new FieldError("", "the sources document must be a JSON object"))));
      Json.Bound<Sources> bound = Json.bind(json, Sources.class);
      if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
      // a secret sent back as "***" (as GET shows it) or "" keeps the stored one: the page never sees secrets
      return onSuccess(store().ask(DocumentStore.Get::new, askTimeout), stored -> {
        Sources document = bound.value().keepingSecrets(stored.json() == null ? Sources.empty() : Sources.parse(stored.json()));
        List<FieldError> errors = document.validate();
        if (!errors.isEmpty()) return complete(Problems.invalid(errors));
        String canonical = ConfigJson.write(document);
        return onSuccess(store().<DocumentStore.ReplaceReply>ask(
                r -> new DocumentStore.Replace(canonical, admin.subject(), r), askTimeout),
            r -> r instanceof DocumentStore.Invalid invalid
                ? complete(Problems.invalid(invalid.errors()))
                : complete(Json.response(StatusCodes.OK, r)));
      });
    });
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<DocumentStore.Command> store() {
    return deps.sharding().entityRefFor(DocumentStore.ENTITY_KEY, Sources.KIND);
  }

  /** How many waiting fetches {@code GET /sources/{id}/fetches} lists at most. */
  private static final int FETCHES_SHOWN = 200;

  /**
   * {@code GET /api/v1/sources/{id}/fetches}: what the engine still has to get from the platform for
   * this source: referenced leads not fetched yet (with attempts, next attempt and last error) and the
   * scheduled pull's cursor and state. Tokens are never shown.
   */
  private Route fetches(String sourceId) {
    return ifConfigured(sourceId, () -> onSuccess(CompletableFuture.supplyAsync(() -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sourceId", sourceId);
      body.put("fetches", sourceEvents.pendingFetches(sourceId, FETCHES_SHOWN));
      body.put("pull", sourcePulls.state(sourceId).orElse(null));
      return body;
    }, blocking), body -> complete(Json.response(StatusCodes.OK, body))));
  }

  /**
   * {@code inner} for a source of the sources document (enabled or not); else 404. What the admin reads
   * of a source it configured: its fetches, its last deliveries.
   */
  private Route ifConfigured(String sourceId, java.util.function.Supplier<Route> inner) {
    boolean known = deps.sources().current().sources().stream().anyMatch(s -> s != null && sourceId.equals(s.id()));
    return known ? inner.get() : complete(Problems.notFound("no lead source '" + sourceId + "'"));
  }

  // ---------------------------------------------------------------- deliveries

  /** The source and its adapter, or 404 (unknown and disabled sources look the same). */
  private Route withSource(String sourceId, java.util.function.BiFunction<SourceConfig, SourceAdapter, Route> inner) {
    Optional<SourceConfig> config = deps.sources().current().source(sourceId);
    Optional<SourceAdapter> adapter = config.flatMap(c -> SourceAdapters.byType(c.type()));
    if (adapter.isEmpty()) return complete(Problems.notFound("no lead source '" + sourceId + "'"));
    return inner.apply(config.get(), adapter.get());
  }

  private Route handshake(String sourceId) {
    return withSource(sourceId, (config, adapter) -> extractRequest(request -> {
      Delivery get = delivery(sourceId, request, "", new byte[0], Map.of());
      return adapter.handshake(get, config)
          .map(answer -> complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, answer))))
          .orElseGet(() -> complete(Problems.notFound("source '" + sourceId + "' has no verification handshake, or it was refused")));
    }));
  }

  private Route receive(String sourceId) {
    return withSource(sourceId, (config, adapter) -> withDelivery(sourceId, delivery -> {
      SourceAdapter.Verdict verdict = adapter.verify(delivery, config, deps.clock().instant());
      if (!verdict.authentic()) {
        refused(sourceId, 401, verdict.reason());
        return complete(Problems.unauthorized(verdict.reason()));
      }
      return onSuccess(sourceIntake.receive(delivery, config, adapter), p -> respond(sourceId, p));
    }));
  }

  /**
   * The request as a {@link Delivery}: 415 for a media type no adapter reads, 413 beyond 1 MiB, 400
   * for a form body that cannot be parsed.
   */
  private Route withDelivery(String sourceId, java.util.function.Function<Delivery, Route> inner) {
    return extractRequest(request -> extractRequestEntity(entity -> {
      String mediaType = mediaType(entity);
      if (!MEDIA_TYPES.contains(mediaType)) {
        return complete(Problems.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
            "send JSON, application/x-www-form-urlencoded, multipart/form-data or XML (got " + mediaType + ")", List.of()));
      }
      String contentType = entity.getContentType().toString();
      return boundedBytes(entity, raw -> {
        Map<String, List<String>> form;
        try {
          form = form(mediaType, contentType, raw);
        } catch (IllegalArgumentException e) {
          return complete(Problems.invalid(List.of(new FieldError(mediaType, e.getMessage()))));
        }
        return inner.apply(delivery(sourceId, request, mediaType, raw, form));
      });
    }));
  }

  private Route respond(String sourceId, SourceIntake.Processed p) {
    if (!p.result().errors().isEmpty()) {
      refused(sourceId, 400, describe(p.result().errors()));
      return complete(Problems.invalid(p.result().errors()));
    }
    if (p.leads().isEmpty() && p.result().fetches().isEmpty() && p.withoutContact() > 0) {
      refused(sourceId, 422, "no-contact: the delivery (kept as event " + p.eventId() + ") has no lead with a phone or an e-mail");
      return complete(Problems.of(StatusCodes.UNPROCESSABLE_ENTITY, "no-contact", "No contact",
          "the delivery (kept as event " + p.eventId() + ") has no lead with a phone or an e-mail", List.of()));
    }
    if (p.result().reply() != null) {
      return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, p.result().reply())));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventId", p.eventId());
    body.put("leads", p.leads());
    body.put("fetches", p.result().fetches().size());
    body.put("pending", p.result().fetches().size());
    body.put("withoutContact", p.withoutContact());
    return complete(Json.response(StatusCodes.ACCEPTED, body));
  }

  private Delivery delivery(String sourceId, HttpRequest request, String mediaType, byte[] raw,
      Map<String, List<String>> form) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaders().forEach(h -> {
      // x-leadrouter-* headers are the engine's own (e.g. the fetch marker): never taken from outside.
      if (!NOT_KEPT.contains(h.lowercaseName()) && !h.lowercaseName().startsWith("x-leadrouter-")) {
        headers.putIfAbsent(h.lowercaseName(), h.value());
      }
    });
    Map<String, String> query = new LinkedHashMap<>();
    request.getUri().query().toMap().forEach(query::putIfAbsent);
    return new Delivery(sourceId, mediaType, raw, headers, query, form, deps.clock().instant());
  }

  /** One lead of a previewed delivery: cleaned, scored, and where it would go. */
  public record PreviewLead(CleanLead lead, HealthScore health, RoutingDecision routing, boolean test) {}

  /**
   * {@code POST /api/v1/sources/{id}/preview}: a delivery in the source's format (as an admin or
   * manager, so no platform signature) parsed, cleaned, scored and routed on paper; nothing is
   * written, no key is claimed.
   */
  private Route preview(String sourceId) {
    return withSource(sourceId, (config, adapter) -> withDelivery(sourceId, delivery -> {
      SourceAdapter.Result result = adapter.parse(delivery, config);
      if (!result.errors().isEmpty()) return complete(Problems.invalid(result.errors()));
      return onSuccess(previewLeads(config, result), leads -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leads", leads);
        body.put("fetches", result.fetches().stream().map(SourceAdapter.Fetch::reference).toList());
        return complete(Json.response(StatusCodes.OK, body));
      });
    }));
  }

  /** Each lead of a parsed delivery cleaned, scored and routed on paper: nothing written, no key claimed. */
  private CompletableFuture<List<PreviewLead>> previewLeads(SourceConfig config, SourceAdapter.Result result) {
    List<CompletableFuture<PreviewLead>> leads = result.leads().stream().map(l -> {
      CleanLead clean = deps.settings().clean(l.input());
      return RoutingPool.preview(deps, clean, askTimeout)
          .thenApply(d -> new PreviewLead(clean, HealthScore.of(clean, List.of(deps.clock().instant()),
              deps.clock().instant(), config.credibility() == null ? HealthScore.DEFAULT_CREDIBILITY : config.credibility(),
              d.repId() != null), d, l.test()))
          .toCompletableFuture();
    }).toList();
    return CompletableFuture.allOf(leads.toArray(CompletableFuture[]::new))
        .thenApply(done -> leads.stream().map(CompletableFuture::join).toList());
  }

  // ---------------------------------------------------------------- the admin page's views

  /** {@code GET /api/v1/sources/templates}: per adapter type, its keys, described, and a starting config. */
  private Route templates() {
    return complete(Json.response(StatusCodes.OK, Map.of("templates", SourceTemplates.all())));
  }

  /**
   * The URL a platform posts this source's deliveries to: the configured public base URL
   * ({@code leadrouter.http.public-base-url}) or the scheme and host this request came to; a source
   * authenticated by its token gets {@code ?token=<token>} with a placeholder (secrets are never shown).
   */
  private Map<String, Object> webhook(HttpRequest request, SourceConfig s) {
    String base = publicBaseUrl;
    if (base == null) {
      var uri = request.getUri();
      base = uri.scheme() + "://" + uri.host().address() + (uri.port() > 0 ? ":" + uri.port() : "");
    }
    String url = base + "/api/v1/sources/" + s.id() + "/events";
    boolean token = SourceAdapters.byType(s.type()).map(a -> a.tokenInUrl(s)).orElse(false);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", token ? url + "?token=<token>" : url);
    out.put("tokenInUrl", token);
    return out;
  }

  /**
   * {@code POST /api/v1/sources/{id}/test-delivery}: the platform's sample delivery, signed with the
   * stored secrets, through the same verification, parsing, cleaning and routing preview as a real one,
   * writing no lead. Answers 200 with the status the platform would have got, its problem or the leads
   * that would have been created; the attempt is kept in the source's last deliveries.
   */
  private Route testDelivery(String sourceId) {
    return withSource(sourceId, (config, adapter) -> {
      java.time.Instant now = deps.clock().instant();
      Optional<Delivery> sample = adapter.sample(config, now);
      if (sample.isEmpty()) {
        return complete(Problems.of(StatusCodes.UNPROCESSABLE_ENTITY, "no-sample", "No sample delivery",
            "the engine cannot imitate a '" + config.type() + "' delivery: " + (adapter.noSample() != null ? adapter.noSample()
                : "paste one of the platform's into the mapping preview"),
            List.of(new FieldError("/sources/" + sourceId + "/type", "no sample delivery for this type"))));
      }
      Delivery delivery = sample.get();
      SourceAdapter.Verdict verdict = adapter.verify(delivery, config, now);
      if (!verdict.authentic()) return tested(sourceId, delivery, 401, "Unauthorized: " + verdict.reason(), List.of(), List.of());
      SourceAdapter.Result result = adapter.parse(delivery, config);
      if (!result.errors().isEmpty()) {
        return tested(sourceId, delivery, 400, "Invalid: " + describe(result.errors()), result.errors(), List.of());
      }
      return onSuccess(previewLeads(config, result), leads -> {
        boolean reachable = result.leads().stream().anyMatch(l -> l.input().phone() != null || l.input().email() != null);
        if (!reachable && result.fetches().isEmpty()) {
          return tested(sourceId, delivery, 422, "no-contact: the delivery has no lead with a phone or an e-mail", List.of(), leads);
        }
        return tested(sourceId, delivery, 202, null, List.of(), leads);
      });
    });
  }

  private Route tested(String sourceId, Delivery delivery, int status, String problem, List<FieldError> errors,
      List<PreviewLead> leads) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sourceId", sourceId);
    body.put("at", delivery.receivedAt());
    body.put("status", status);
    body.put("problem", problem);
    body.put("errors", errors);
    body.put("leads", leads);
    body.put("delivery", Map.of("mediaType", delivery.mediaType(), "body", delivery.text()));
    String summary = leads.stream().map(l -> (l.lead().name() == null ? "?" : l.lead().name())
        + (l.routing().repId() == null ? "" : " → " + l.routing().repId())).collect(java.util.stream.Collectors.joining("; "));
    return onSuccess(CompletableFuture.supplyAsync(() -> {
      deliveryLog.record(sourceId, new SourceDeliveryLog.Entry(delivery.receivedAt().toEpochMilli(), SourceDeliveryLog.TEST,
          status, problem, summary.isEmpty() ? null : summary));
      return body;
    }, blocking), b -> complete(Json.response(StatusCodes.OK, b)));
  }

  /** How many accepted leads {@code GET /sources/{id}/deliveries} lists. */
  private static final int ACCEPTED_SHOWN = 20;

  /**
   * {@code GET /api/v1/sources/{id}/deliveries}: the source's last leads (from the read model), its
   * last refused and test deliveries (status, problem, time; the last 50 kept).
   */
  private Route deliveries(String sourceId) {
    return ifConfigured(sourceId, () -> onSuccess(CompletableFuture.supplyAsync(() -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("sourceId", sourceId);
      body.put("accepted", deliveryLog.accepted(sourceId, ACCEPTED_SHOWN).stream().map(a -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("leadId", a.leadId());
        row.put("receivedAt", java.time.Instant.ofEpochMilli(a.receivedAt()));
        row.put("status", a.status());
        row.put("name", a.name());
        return row;
      }).toList());
      body.put("others", deliveryLog.recent(sourceId).stream().map(e -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("at", java.time.Instant.ofEpochMilli(e.at()));
        row.put("kind", e.kind());
        row.put("status", e.status());
        row.put("problem", e.problem());
        row.put("summary", e.summary());
        return row;
      }).toList());
      return body;
    }, blocking), body -> complete(Json.response(StatusCodes.OK, body))));
  }

  /** Keeps a refused delivery in the source's last deliveries, off the HTTP thread; a failure is only logged. */
  private void refused(String sourceId, int status, String problem) {
    long at = deps.clock().millis();
    CompletableFuture.runAsync(() -> deliveryLog.record(sourceId, new SourceDeliveryLog.Entry(at, SourceDeliveryLog.REFUSED,
        status, problem, null)), blocking).exceptionally(e -> {
          org.slf4j.LoggerFactory.getLogger(SourceRoutes.class).warn("recording a refused delivery of {} failed", sourceId, e);
          return null;
        });
  }

  private static String describe(List<FieldError> errors) {
    return errors.stream().map(e -> e.field() + ": " + e.message()).collect(java.util.stream.Collectors.joining("; "));
  }

  /** {@code type/subtype} in lower case, without parameters (a multipart type carries its boundary). */
  private static String mediaType(org.apache.pekko.http.javadsl.model.HttpEntity entity) {
    var type = entity.getContentType().mediaType();
    return (type.mainType() + "/" + type.subType()).toLowerCase(Locale.ROOT);
  }

  /** The text fields of a form body, decoded; empty for other media types. */
  static Map<String, List<String>> form(String mediaType, String contentType, byte[] raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      out.putAll(Delivery.urlencodedFields(raw));
    } else if (mediaType.equals("multipart/form-data")) {
      try {
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(raw, contentType));
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart part = multipart.getBodyPart(i);
          String[] disposition = part.getHeader("Content-Disposition");
          if (disposition == null) throw new IllegalArgumentException("part " + i + " has no Content-Disposition");
          String name = new ContentDisposition(disposition[0]).getParameter("name");
          if (name == null) throw new IllegalArgumentException("part " + i + " has no name");
          if (part.getFileName() != null) continue; // files are kept in the raw body, not as fields
          byte[] data = part.getInputStream().readAllBytes();
          out.computeIfAbsent(name, k -> new ArrayList<>()).add(new String(data, StandardCharsets.UTF_8));
        }
      } catch (MessagingException | IOException e) {
        throw new IllegalArgumentException("malformed multipart body: " + e.getMessage());
      }
    }
    return out;
  }
}
