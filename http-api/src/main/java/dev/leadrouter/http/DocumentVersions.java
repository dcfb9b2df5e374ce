package dev.leadrouter.http;

import dev.leadrouter.engine.common.FieldError;
import java.util.List;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every versioned configuration document answers over HTTP (SLA policies, routing rules, the
 * org chart): the version in force, the history, one version, and storing a replacement. Roles are
 * the caller's business; this only talks to the document's {@link DocumentStore} entity.
 */
final class DocumentVersions extends AllDirectives {

  /** One stored version as the API shows it: the document itself, parsed. */
  public record VersionView(int version, String by, Instant at, JsonNode document) {}

  /** A version without its document, for the history list. */
  public record VersionEntry(int version, String by, Instant at) {}

  private final EngineDeps deps;
  private final String kind;
  private final String noun;
  private final Duration askTimeout;

  /** @param noun what the document is called in messages ("SLA policy", "routing rules") */
  DocumentVersions(EngineDeps deps, String kind, String noun, Duration askTimeout) {
    this.deps = deps;
    this.kind = kind;
    this.noun = noun;
    this.askTimeout = askTimeout;
  }

  EntityRef<DocumentStore.Command> store() {
    return deps.sharding().entityRefFor(DocumentStore.ENTITY_KEY, kind);
  }

  /** {@code GET}: the version in force (version 0 and no document when none was stored). */
  Route current() {
    return onSuccess(store().ask(DocumentStore.Get::new, askTimeout),
        v -> complete(Json.response(StatusCodes.OK, view(v)).addHeader(etag(v))));
  }

  /** The {@code ETag} of a version: what {@code If-Match} names to replace it ({@link #replace}). */
  static ETag etag(DocumentStore.Version v) {
    return ETag.create(EntityTag.create(String.valueOf(v.version()), false));
  }

  /** {@code GET …/versions}: every version without its document, oldest first. */
  Route history() {
    return onSuccess(store().ask(DocumentStore.GetVersions::new, askTimeout), vs -> complete(Json.response(
        StatusCodes.OK, Map.of("versions",
            vs.versions().stream().map(v -> new VersionEntry(v.version(), v.by(), v.at())).toList()))));
  }

  /** {@code GET …/versions/{n}}: one version, or 404. */
  Route version(int n) {
    return withVersion(n, v -> complete(Json.response(StatusCodes.OK, view(v))));
  }

  /** Version {@code n} to {@code inner}, or 404 naming it. */
  Route withVersion(int n, Function<DocumentStore.Version, Route> inner) {
    return onSuccess(version(store().ask(DocumentStore.GetVersions::new, askTimeout), n), v -> v.map(inner)
        .orElseGet(() -> complete(Problems.notFound("no " + noun + " version " + n))));
  }

  private static CompletionStage<Optional<DocumentStore.Version>> version(
      CompletionStage<DocumentStore.Versions> versions, int n) {
    // A version without a document is a placeholder (recorded before a snapshot of the org chart's
    // former entity, ADR 0013): there is nothing to show.
    return versions.thenApply(vs -> vs.versions().stream().filter(v -> v.version() == n && v.json() != null).findFirst());
  }

  /**
   * Stores {@code canonical} (already validated by the caller) as the next version by {@code by}.
   * With {@code If-Match: "<version>"} (the {@code ETag} of {@link #current}) only while that version
   * is still in force: an editor who loaded version 3 does not undo a version 4 someone stored since
   * (412 naming {@code If-Match}, and the version in force).
   */
  Route replace(String canonical, String by) {
    return optionalHeaderValueByName("If-Match", ifMatch -> {
      int ifVersion = DocumentStore.ANY_VERSION;
      if (ifMatch.isPresent()) {
        String tag = ifMatch.get().trim().replaceFirst("^W/", "").replace("\"", "");
        if (!tag.matches("\\d{1,9}")) {
          return complete(Problems.invalid(List.of(new FieldError("If-Match",
              "must be the ETag of the version the change was made from, e.g. \"3\""))));
        }
        ifVersion = Integer.parseInt(tag);
      }
      int expected = ifVersion;
      CompletionStage<DocumentStore.ReplaceReply> reply =
          store().ask(r -> new DocumentStore.Replace(canonical, by, expected, r), askTimeout);
      return onSuccess(reply, r -> {
        if (r instanceof DocumentStore.Invalid invalid) return complete(Problems.invalid(invalid.errors()));
        if (r instanceof DocumentStore.Stale stale) {
          return complete(Problems.of(StatusCodes.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
              "the " + noun + " changed since version " + expected + " was read: version " + stale.version()
                  + " is in force now; load it and make the change again",
              List.of(new FieldError("If-Match", "version " + stale.version() + " is in force"))));
        }
        return complete(Json.response(StatusCodes.OK, r));
      });
    });
  }

  /** What {@link #edit} makes of the version in force: an answer as it stands, or a document to store. */
  sealed interface Edit permits Answer, Store {}

  /** Nothing to store (no change, or a refusal): {@code response} is the answer. */
  record Answer(HttpResponse response) implements Edit {}

  /** Store {@code json} (validated by the caller); {@code stored} answers with the version that holds it. */
  record Store(String json, IntFunction<HttpResponse> stored) implements Edit {}

  /**
   * A read-modify-write of one part of the document: {@code change} is applied to the version as
   * stored (not this node's copy, which may lag a publish by a moment) and the result stored as the
   * next version by {@code by} only if no other version was stored since it was read
   * ({@link DocumentStore.Replace#ifVersion}); otherwise it is made again from the newer version, at
   * most {@code attempts} times in all, so someone else's version stored in between is never undone.
   */
  CompletionStage<HttpResponse> edit(String by, Function<DocumentStore.Version, Edit> change, int attempts) {
    return store().<DocumentStore.Version>ask(DocumentStore.Get::new, askTimeout).thenCompose(current -> {
      Edit edit = change.apply(current);
      if (edit instanceof Answer answer) return CompletableFuture.completedFuture(answer.response());
      Store wanted = (Store) edit;
      return store().<DocumentStore.ReplaceReply>ask(
          r -> new DocumentStore.Replace(wanted.json(), by, current.version(), r), askTimeout).thenCompose(reply -> {
            if (reply instanceof DocumentStore.Replaced replaced) {
              return CompletableFuture.completedFuture(wanted.stored().apply(replaced.version()));
            }
            if (reply instanceof DocumentStore.Stale stale) {
              return attempts > 1 ? edit(by, change, attempts - 1) : CompletableFuture.completedFuture(
                  Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict", "the " + noun
                      + " kept changing (now version " + stale.version() + "); try again", List.of()));
            }
            return CompletableFuture.completedFuture(Problems.invalid(((DocumentStore.Invalid) reply).errors()));
          });
    });
  }

  VersionView view(DocumentStore.Version v) {
    return new VersionView(v.version(), v.by(), v.at(), v.json() == null ? null : tree(v.json()));
  }

  JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored " + noun + " document is not JSON", e);
    }
  }
}
