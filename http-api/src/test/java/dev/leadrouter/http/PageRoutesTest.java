package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/**
 * The pages and their files as served (docs/ui.md): fingerprinted assets cached for a year with an
 * ETag, HTML shells never cached with a strict CSP that allows exactly their import map, 303 to the
 * sign-in page without a session, gzip, and the size budget of a page's JS and CSS.
 */
class PageRoutesTest extends SharedH2Engine {

  private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
  static final long BUDGET_BYTES = 500 * 1024;

  private static HttpResponse<byte[]> get(String path, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(engine.uri(path)).timeout(Duration.ofSeconds(20)).GET();
      for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("");
  }

  @Test
  void everyAssetIsFingerprintedImmutableAndRevalidatedByItsETag() throws Exception {
    for (Assets.Asset a : Assets.load().all()) {
      String base = a.name().substring(0, a.name().lastIndexOf('.'));
      assertTrue(a.url().matches("/app/assets/" + Pattern.quote(base) + "\\.[0-9a-f]{8}\\.[a-z]+"), a.url());
      String hash = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.bytes())).substring(0, 8);
      assertEquals(hash, a.hash(), "the file name carries its content's hash: " + a.name());
      HttpResponse<byte[]> r = get(a.url());
      assertEquals(200, r.statusCode(), a.url());
      assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"), a.url());
      assertEquals("\"" + a.hash() + "\"", header(r, "ETag"), a.url());
      assertEquals("nosniff", header(r, "X-Content-Type-Options"));
      assertTrue(header(r, "Content-Type").startsWith(a.type().mediaType().toString()), a.url() + " " + header(r, "Content-Type"));
      assertEquals(304, get(a.url(), "If-None-Match", header(r, "ETag")).statusCode(), a.url());
    }
    HttpResponse<byte[]> stale = get("/app/assets/api.00000000.js");
    assertEquals(404, stale.statusCode());
    assertTrue(header(stale, "Content-Type").startsWith("application/problem+json"));
    assertEquals(404, get("/app/assets/api.js").statusCode(), "only fingerprinted names are served");
  }

  @Test
  void shellsAreNeverCachedAndTheirCspAllowsExactlyTheirImportMap() throws Exception {
    String rep = engine.token("rep-east-1", "rep");
    for (String path : List.of("/app/", "/app/rep", "/app/board", "/app/leads/some-lead")) {
      HttpResponse<byte[]> r = get(path, "Authorization", "Bearer " + rep);
      assertEquals(200, r.statusCode(), path);
      assertTrue(header(r, "Content-Type").startsWith("text/html"), path);
      assertEquals("no-store", header(r, "Cache-Control"), path);
      assertEquals("nosniff", header(r, "X-Content-Type-Options"), path);
      assertEquals("no-referrer", header(r, "Referrer-Policy"), path);
      String html = new String(r.body(), StandardCharsets.UTF_8);
      assertTrue(!html.contains("{{"), "every placeholder is rendered: " + path);
      assertTrue(!html.matches("(?s).*\\son[a-z]+=.*"), "no inline handlers: " + path);
      Matcher m = IMPORT_MAP.matcher(html);
      assertTrue(m.find(), "an import map: " + path);
      String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(m.group(1).getBytes(StandardCharsets.UTF_8)));
      String csp = header(r, "Content-Security-Policy");
      assertTrue(csp.contains("default-src 'none'"), csp);
      assertTrue(csp.contains("script-src 'self' 'sha256-" + hash + "';"), csp);
      assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
      // every module specifier maps to a fingerprinted URL that answers
      JsonNode imports = Json.MAPPER.readTree(m.group(1)).get("imports");
      imports.fields().forEachRemaining(e -> {
        assertTrue(e.getValue().asText().matches(Pattern.quote(e.getKey().replaceAll("\\.[a-z]+$", "")) + "\\.[0-9a-f]{8}\\.[a-z]+"), e.toString());
        assertEquals(200, get(e.getValue().asText()).statusCode(), e.toString());
      });
      Matcher src = Pattern.compile("(?:src|href)=\"(/app/assets/[^\"]+)\"").matcher(html);
      int found = 0;
      while (src.find()) {
        found++;
        assertEquals(200, get(src.group(1)).statusCode(), src.group(1));
      }
      assertEquals(2, found, "one stylesheet and one entry module: " + path);
    }
  }

  @Test
  void aPageWithoutASessionSendsToTheSignInPageWithTheWayBack() {
    for (String path : List.of("/app/rep", "/app/board", "/app/leads/abc-123")) {
      HttpResponse<byte[]> r = get(path);
      assertEquals(303, r.statusCode(), path);
      assertEquals("/app/?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8), header(r, "Location"));
      assertTrue(!new String(r.body(), StandardCharsets.UTF_8).contains("<html"), "no page without a session: " + path);
      HttpResponse<byte[]> expired = get(path, "Authorization", "Bearer "
          + engine.running.auth().issue("rep-east-1", "rep", Duration.ofSeconds(-120)));
      assertEquals(303, expired.statusCode(), "an expired session is no session: " + path);
    }
    assertEquals(200, get("/app/").statusCode(), "the sign-in page is public");
    assertEquals(200, get("/app").statusCode());
  }

  @Test
  void filesAreGzippedAndAPageStaysWithinItsBudget() throws Exception {
    long total = 0;
    for (Assets.Asset a : Assets.load().all()) {
      HttpResponse<byte[]> r = get(a.url(), "Accept-Encoding", "gzip");
      assertEquals("gzip", header(r, "Content-Encoding"), a.url());
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        assertTrue(java.util.Arrays.equals(a.bytes(), out.toByteArray()), a.url());
      }
      total += r.body().length;
    }
    // Every page loads at most all of them (its entry module, the shared modules, one catalogue, the CSS).
    assertTrue(total <= BUDGET_BYTES, "all JS + CSS + catalogues transferred: " + total + " bytes");
    System.out.println("app assets, gzip, all pages together: " + total + " bytes");
    HttpResponse<byte[]> shell = get("/app/", "Accept-Encoding", "gzip");
    assertEquals("gzip", header(shell, "Content-Encoding"));
  }

  @Test
  void theQueueRegionsSayWhichAreInTheCallersScope() throws Exception {
    JsonNode admin = Json.MAPPER.readTree(engine.get("/api/v1/queues", engine.admin()).body());
    assertTrue(admin.get("regions").size() >= 3, admin.toString());
    admin.get("regions").forEach(r -> assertTrue(r.get("inScope").asBoolean(), r.toString()));
    HttpResponse<String> mgr = engine.get("/api/v1/queues", engine.token("mgr-east", "manager"));
    assertEquals(200, mgr.statusCode());
    JsonNode regions = Json.MAPPER.readTree(mgr.body()).get("regions");
    assertTrue(regions.toString().contains("\"inScope\":true") && regions.toString().contains("\"inScope\":false"), regions.toString());
    assertEquals(200, engine.get("/api/v1/queues/" + URLEncoder.encode(regions.get(0).get("region").asText(), StandardCharsets.UTF_8),
        engine.token("mgr-east", "manager")).statusCode());
    assertEquals(403, engine.get("/api/v1/queues", engine.token("rep-east-1", "rep")).statusCode());
  }

  /**
   * A lead of a macro region the org chart does not name (拉萨 is in 西南; the demo chart has 华东, 华北
   * and 华南) waits in that region's pool: the queue list names the region, so an admin's board
   * shows the lead instead of no view holding it.
   */
  @Test
  void aQueuedLeadOfARegionTheChartDoesNotNameIsInAQueueSomeoneCanRead() throws Exception {
    String leadId = engine.postLead("{\"name\":\"扎西\",\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"拉萨\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
    EngineFixture.awaitAssert(Duration.ofSeconds(15), () ->
        assertEquals("QUEUED", engine.view(leadId).get("status").asText()));
    String region = engine.view(leadId).at("/region/macro").asText();
    String path = "/api/v1/queues/" + URLEncoder.encode(region, StandardCharsets.UTF_8);
    EngineFixture.awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode admin = EngineFixture.json(engine.get("/api/v1/queues", engine.admin()));
      assertTrue(admin.toString().contains("{\"region\":\"" + region + "\",\"inScope\":true}"), admin.toString());
    });
    JsonNode mgr = Json.MAPPER.readTree(engine.get("/api/v1/queues", engine.token("mgr-east", "manager")).body());
    assertTrue(mgr.toString().contains("{\"region\":\"" + region + "\",\"inScope\":false}"), "no manager manages it: " + mgr);
    HttpResponse<String> queue = engine.get(path, engine.admin());
    assertEquals(200, queue.statusCode(), queue.body());
    assertTrue(queue.body().contains(leadId), queue.body());
  }

  @Test
  void aPageWhosePurposeTheRoleMayNeverUseIsRefusedWithTheForbiddenShellNotServed() {
    String rep = engine.token("rep-east-1", "rep");
    String manager = engine.token("mgr-east", "manager");
    String director = engine.token("dir-east", "director");
    for (String path : List.of("/app/admin", "/app/reports")) {
      HttpResponse<byte[]> r = get(path, "Authorization", "Bearer " + rep);
      assertEquals(403, r.statusCode(), path);
      String html = new String(r.body(), StandardCharsets.UTF_8);
      assertTrue(html.contains("data-state=\"forbidden\"") && !html.contains("data-view=\"admin\""), html);
      assertEquals("no-store", header(r, "Cache-Control"));
    }
    // The admin page is for whoever may set someone's availability: a manager or director opens it
    // for their own people's (the only area admin.js shows them; the API still decides per person).
    assertEquals(200, get("/app/admin", "Authorization", "Bearer " + manager).statusCode());
    assertEquals(200, get("/app/admin", "Authorization", "Bearer " + director).statusCode());
    assertEquals(200, get("/app/reports", "Authorization", "Bearer " + manager).statusCode());
    assertEquals(200, get("/app/reports", "Authorization", "Bearer " + director).statusCode());
    HttpResponse<byte[]> admin = get("/app/admin", "Authorization", "Bearer " + engine.admin());
    assertEquals(200, admin.statusCode());
    assertTrue(new String(admin.body(), StandardCharsets.UTF_8).contains("data-view=\"admin\""));
    assertEquals(303, get("/app/admin").statusCode(), "signed out: to the sign-in page first");
  }
}
