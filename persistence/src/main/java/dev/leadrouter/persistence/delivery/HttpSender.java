package dev.leadrouter.persistence.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP side of the HTTP channels (webhook, robots, SMS/voice providers): one asynchronous client
 * per channel with the channel's time-out for connecting and for the whole request, redirects not
 * followed, UTF-8 bodies. The stage completes with the answer's body on a 2xx answer and fails on
 * anything else (non-2xx, time-out, connection refused), which the dispatcher retries.
 */
final class HttpSender {

  private final String channel;
  private final Duration timeout;
  private final HttpClient client;

  HttpSender(String channel, Duration timeout) {
    this.channel = channel;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Sends {@code body} with {@code method} and the given headers (in order) to {@code url}. */
  CompletionStage<String> send(URI url, String method, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> {
          int status = response.statusCode();
          if (status < 200 || status > 299) {
            throw new IllegalStateException(channel + " answered HTTP " + status);
          }
          return response.body();
        });
  }
}
