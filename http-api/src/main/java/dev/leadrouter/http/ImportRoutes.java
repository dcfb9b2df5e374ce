package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.common.StrictJson;
import dev.leadrouter.persistence.imports.ImportReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * {@code /api/v1/imports}: a bulk import of leads from a CSV or .xlsx file (admin), dry run by
 * default, and the per-row report of each import as CSV for {@link ImportReports#KEPT}. The file
 * streams to a temporary file (the gate lets this one path's body through unread: {@link
 * RouteTable#streamsItsBody}) with its own size limit and idle timeout, then {@link LeadImport} reads it.
 */
public final class ImportRoutes extends ApiDirectives {

  /** {@code leadrouter.imports}: the file's limits. */
  public record Settings(long maxBytes, int maxRows, Duration bodyTimeout, Duration requestTimeout) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("leadrouter.imports");
      return new Settings(c.getBytes("max-bytes"), c.getInt("max-rows"), c.getDuration("body-timeout"),
          c.getDuration("request-timeout"));
    }
  }

  /** The {@code mapping} part is small: a few field names and headers. */
  private static final int MAX_MAPPING_BYTES = 64 * 1024;
  /** What a multipart body carries besides the file: boundaries, part headers, the mapping. */
  private static final long MULTIPART_OVERHEAD = MAX_MAPPING_BYTES + 16 * 1024;
  private static final Pattern IMPORT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final LeadImport imports;
  private final ImportReports reports;
  private final Executor blocking;
  private final Clock clock;
  private final Settings settings;

  public ImportRoutes(Auth auth, LeadImport imports, ImportReports reports, Executor blocking, Clock clock, Settings settings) {
    super(auth);
    this.imports = imports;
    this.reports = reports;
    this.blocking = blocking;
    this.clock = clock;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix("imports", () -> concat(
        pathEndOrSingleSlash(() -> post(() -> drainedWhenRefused(() -> allowedTo(Access.Action.IMPORT_LEADS, this::upload)))),
        path(PathMatchers.segment(IMPORT_ID).slash("report"), id ->
            get(() -> allowedTo(Access.Action.IMPORT_LEADS, caller -> report(id))))));
  }

  private Route report(String importId) {
    return onSuccess(CompletableFuture.supplyAsync(() -> reports.find(importId, clock.millis()), blocking), csv -> csv
        .map(text -> complete(HttpResponse.create().withStatus(StatusCodes.OK)
            .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, Map.of("filename", "import-" + importId + ".csv")))
            .withEntity(HttpEntities.create(Csv.TEXT_CSV, text.getBytes(StandardCharsets.UTF_8)))))
        .orElseGet(() -> complete(Problems.notFound("no import report " + importId + " (reports are kept "
            + ImportReports.KEPT.toDays() + " days)"))));
  }

  private Route upload(Auth.Principal caller) {
    return parameterOptional("dryRun", dryRunParam -> {
      String v = dryRunParam.orElse("true");
      if (!v.equals("true") && !v.equals("false")) {
        return complete(Problems.invalid(List.of(new FieldError("?dryRun", "must be true or false"))));
      }
      boolean dryRun = v.equals("true");
      return withRequestTimeout(scala.concurrent.duration.Duration.fromNanos(settings.requestTimeout().toNanos()), () ->
          extractRequestEntity(entity -> extractMaterializer(mat -> {
            if (!entity.getContentType().mediaType().isMultipart() || !entity.getContentType().mediaType().subType().equals("form-data")) {
              return discardThen(entity, mat, Problems.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                  "Unsupported media type", "send multipart/form-data with a 'file' part and a 'mapping' part (got "
                      + entity.getContentType().mediaType() + ")", List.of()));
            }
            if (entity.getContentLengthOption().orElse(0L) > settings.maxBytes() + MULTIPART_OVERHEAD) {
              return discardThen(entity, mat, Problems.payloadTooLarge(settings.maxBytes()));
            }
            return withSizeLimit(settings.maxBytes() + MULTIPART_OVERHEAD, () -> extractRequestEntity(limited ->
                onComplete(receive(limited, mat), received -> {
                  if (received.isFailure()) return complete(refusal(received.failed().get()));
                  return run(caller, received.get(), dryRun);
                })));
          })));
    });
  }

  /**
   * {@code inner}, but a 401 or 403 (the file unread) is sent once the body has been read off: the
   * gate does that for every other request, and answering mid-upload resets the client's connection.
   */
  private Route drainedWhenRefused(java.util.function.Supplier<Route> inner) {
    return withSizeLimit(4 * settings.maxBytes() + MULTIPART_OVERHEAD, () ->
        extractRequestEntity(entity -> extractMaterializer(mat -> mapRouteResultWith(result -> {
      if (result instanceof org.apache.pekko.http.javadsl.server.Complete done
          && (done.getResponse().status().intValue() == 401 || done.getResponse().status().intValue() == 403)) {
        return entity.discardBytes(mat).completionStage().handle((d, failure) -> result);
      }
      return CompletableFuture.completedFuture(result);
    }, inner))));
  }

  /**
   * Reads the rest of the body off, then answers: answering mid-upload would reset the client's
   * connection. The body is read under a limit of its own (four times the file limit): under the
   * server's 2 MiB default, reading off a larger file failed the stream and the connection closed
   * without the answer.
   */
  private Route discardThen(RequestEntity entity, Materializer mat, HttpResponse answer) {
    return withSizeLimit(4 * settings.maxBytes() + MULTIPART_OVERHEAD, () -> extractRequestEntity(body ->
        onComplete(body.discardBytes(mat).completionStage(), drained -> complete(answer))));
  }

  /** The parts as they arrived: the file on disk (with its hash and first bytes), the mapping's bytes. */
  private static final class Upload {
    Path file;
    String filename;
    String mediaType;
    String sha256;
    byte[] head = new byte[0];
    long size;
    byte[] mapping;
  }

  /** The file is over {@code leadrouter.imports.max-bytes}. */
  private static final class FileTooLarge extends RuntimeException {
    FileTooLarge() {
      super("file too large");
    }
  }

  private CompletionStage<Upload> receive(RequestEntity entity, Materializer mat) {
    Upload upload = new Upload();
    CompletionStage<Upload> done = Unmarshaller.entityToMultipartFormData().unmarshal(entity, mat)
        .thenCompose(form -> form.getParts()
            .idleTimeout(settings.bodyTimeout())
            .mapAsync(1, part -> part(part, upload, mat))
            .runWith(Sink.ignore(), mat))
        .thenApply(d -> upload);
    return done.whenComplete((u, failure) -> {
      if (failure != null && upload.file != null) deleteQuietly(upload.file);
    });
  }

  private CompletionStage<Object> part(Multipart.FormData.BodyPart part, Upload upload, Materializer mat) {
    switch (part.getName()) {
      case "file" -> {
        if (upload.file != null) return part.getEntity().discardBytes(mat).completionStage().thenApply(d -> d);
        MessageDigest sha = sha256();
        Path file;
        try {
          file = Files.createTempFile("leadrouter-import-", ".upload");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        upload.file = file;
        upload.filename = part.getFilename().orElse(null);
        upload.mediaType = part.getEntity().getContentType().mediaType().toString();
        return part.getEntity().getDataBytes()
            .idleTimeout(settings.bodyTimeout())
            .map(bytes -> {
              upload.size += bytes.size();
              if (upload.size > settings.maxBytes()) throw new FileTooLarge();
              sha.update(bytes.toArray());
              if (upload.head.length < 4096) upload.head = ByteString.fromArray(upload.head).concat(bytes).take(4096).toArray();
              return bytes;
            })
            .runWith(FileIO.toPath(file), mat)
            .thenApply(io -> {
              upload.sha256 = HexFormat.of().formatHex(sha.digest());
              return io;
            });
      }
      case "mapping" -> {
        return part.getEntity().getDataBytes().idleTimeout(settings.bodyTimeout())
            .limitWeighted(MAX_MAPPING_BYTES, b -> (long) b.size())
            .runFold(ByteString.emptyByteString(), ByteString::concat, mat)
            .thenApply(b -> {
              upload.mapping = b.toArray();
              return b;
            });
      }
      default -> {
        return part.getEntity().discardBytes(mat).completionStage().thenApply(d -> d);
      }
    }
  }

  private Route run(Auth.Principal caller, Upload upload, boolean dryRun) {
    List<FieldError> errors = new java.util.ArrayList<>();
    if (upload.file == null) errors.add(new FieldError("file", "send the leads as a 'file' part (CSV or .xlsx)"));
    else if (upload.size == 0) errors.add(new FieldError("file", "the file is empty"));
    LeadImport.Mapping mapping = null;
    boolean columnsOnly = false;
    if (upload.mapping == null) {
      errors.add(new FieldError("/mapping", "send a 'mapping' part: {\"name\": \"<column header>\", …}"));
    } else {
      try {
        JsonNode json = StrictJson.read(upload.mapping);
        // a dry run with an empty mapping answers the file's header row (the page reads an .xlsx's this way)
        columnsOnly = dryRun && json.isObject() && json.isEmpty();
        if (!columnsOnly) mapping = LeadImport.mapping(json, errors);
      } catch (StrictJson.Malformed e) {
        errors.add(new FieldError("/mapping", e.getMessage()));
      }
    }
    java.util.Optional<ImportSheet.Kind> kind = upload.file == null || upload.size == 0 ? java.util.Optional.empty()
        : ImportSheet.kind(upload.head, upload.filename, upload.mediaType);
    if (upload.file != null && upload.size > 0 && kind.isEmpty()) {
      deleteQuietly(upload.file);
      return complete(Problems.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
          "the file must be CSV (UTF-8) or an Excel workbook (.xlsx)", List.of(new FieldError("file", "not CSV or .xlsx"))));
    }
    if (!errors.isEmpty()) {
      if (upload.file != null) deleteQuietly(upload.file);
      return complete(Problems.invalid(errors));
    }
    if (columnsOnly) {
      CompletableFuture<Object> columns = CompletableFuture.supplyAsync(() -> {
        try {
          return (Object) Map.of("dryRun", true, "columns", ImportSheet.headerRow(upload.file, kind.get()));
        } catch (ImportSheet.Unreadable e) {
          return Problems.invalid(List.of(new FieldError("file", e.getMessage())));
        } finally {
          deleteQuietly(upload.file);
        }
      }, blocking);
      return onSuccess(columns, r -> complete(r instanceof HttpResponse h ? h : Json.response(StatusCodes.OK, r)));
    }
    LeadImport.Mapping m = mapping;
    CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
      try {
        LeadImport.Summary summary = imports.run(upload.file, kind.get(), upload.sha256, m, dryRun, settings.maxRows());
        String importId = Ids.newLeadId();
        reports.save(importId, caller.subject(), clock.millis(), Csv.write(LeadImport.REPORT_COLUMNS, LeadImport.report(summary)));
        return answer(summary, importId);
      } catch (LeadImport.Refused e) {
        return Problems.invalid(e.errors);
      } catch (LeadImport.TooManyRows e) {
        return Problems.of(StatusCodes.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
            "the file has more than " + e.limit + " data rows (leadrouter.imports.max-rows)", List.of(new FieldError("file", "at most " + e.limit + " rows")));
      } catch (ImportSheet.Unreadable e) {
        return Problems.invalid(List.of(new FieldError("file", e.getMessage())));
      } finally {
        deleteQuietly(upload.file);
      }
    }, blocking);
    return onSuccess(result, r -> complete(r instanceof HttpResponse h ? h : Json.response(StatusCodes.OK, r)));
  }

  private static Map<String, Object> answer(LeadImport.Summary s, String importId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("importId", importId);
    body.put("dryRun", s.dryRun());
    body.put("rows", s.rows());
    body.put("created", s.created());
    body.put("merged", s.merged());
    body.put("duplicate", s.duplicate());
    body.put("refused", s.refused());
    body.put("routed", s.routed());
    body.put("errors", s.errors());
    body.put("report", "/api/v1/imports/" + importId + "/report");
    return body;
  }

  private HttpResponse refusal(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) cause = cause.getCause();
    if (cause instanceof FileTooLarge) return Problems.payloadTooLarge(settings.maxBytes());
    if (cause instanceof TimeoutException) {
      return Problems.of(StatusCodes.REQUEST_TIMEOUT, "request-timeout", "Request timeout", "the file stopped arriving for "
          + settings.bodyTimeout().toSeconds() + " s (leadrouter.imports.body-timeout)", List.of());
    }
    return Problems.unreadableBody(cause);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file: the OS cleans its temp directory
    }
  }

  /** Whether {@code request} is the one whose body this class streams itself ({@link RouteTable#gate}). */
  static boolean isUpload(HttpRequest request) {
    return request.method().name().equals("POST") && request.getUri().path().replaceAll("/+$", "").equals("/api/v1/imports");
  }
}
