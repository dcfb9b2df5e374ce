package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * /app/reports in a real headless Chromium against a real engine (issue 20, "Tests"): leads made
 * through the real intake and acknowledged over HTTP at spaced times; a manager signed in by login
 * link sees the first-touch chart (one bar per group, the median of each as the API computes it from
 * the engine's times, and in text), groups it by rep and the chart and the URL follow, and downloads
 * the CSV through the browser (the file is the API's CSV); a rep gets the 403 page. Screenshots of
 * a phone and a desktop go to target/ui/.
 */
class ReportsBrowserIT extends PageTestSupport {


  /** Each east lead's rep and engine-measured time to first touch (ms). */
  private static final Map<String, List<Long>> touchByRep = new TreeMap<>();
  private static final List<Long> touchAll = new ArrayList<>();

  @BeforeAll
  static void start() throws InterruptedException {
    startEngine(ConfigFactory.empty());
    List<String> east = new ArrayList<>();
    for (int i = 0; i < 4; i++) east.add(engine.postLead(lead("上海")));
    String south = engine.postLead(lead("广州"));
    Map<String, String> reps = new LinkedHashMap<>();
    for (String leadId : east) reps.put(leadId, assigned(leadId));
    assigned(south);
    // Acknowledged about 1, 2, 3 and 4.5 s after assignment: spacing the times, not waiting for anything.
    long[] after = {1000, 2000, 3000, 4500};
    long waited = 0;
    for (int i = 0; i < east.size(); i++) {
      Thread.sleep(after[i] - waited);
      waited = after[i];
      String leadId = east.get(i);
      HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", engine.token(reps.get(leadId), "rep"), "{}");
      assertEquals(200, ack.statusCode(), ack.body());
    }
    for (String leadId : east) {
      long ms = engine.view(leadId).at("/sla/timeToFirstTouchMs").asLong();
      touchAll.add(ms);
      touchByRep.computeIfAbsent(reps.get(leadId), r -> new ArrayList<>()).add(ms);
    }
    String manager = engine.token("mgr-east", "manager");
    awaitAssert(Duration.ofSeconds(20), () -> assertEquals(4, EngineFixture.json(
        engine.get("/api/v1/reports/first-touch", manager)).at("/total/acknowledged").asInt()));
  }

  private static String lead(String region) {
    return "{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone() + "\",\"company\":\"上海电气\",\"region\":\""
        + region + "\",\"industry\":\"工业自动化\"}";
  }

  private static String assigned(String leadId) {
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(leadId).get("status").asText()));
    return engine.view(leadId).at("/assignment/repId").asText();
  }

  /** The median of docs/reports.md: the middle value, or the mean of the middle two rounded down. */
  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : Math.floorDiv(sorted.get(n / 2 - 1) + sorted.get(n / 2), 2);
  }

  /** ui.js duration() under an hour: mm:ss of the whole seconds. */
  private static String shown(long ms) {
    long s = ms / 1000;
    return String.format("%02d:%02d", s / 60, s % 60);
  }

  /** The bars of the first-touch chart, once it shows {@code groups} bars: group → drawn value (ms). */
  private static Map<String, Long> bars(Browser b, int groups) {
    By selector = By.cssSelector("[data-report='first-touch'] svg rect.bar");
    new WebDriverWait(b.driver, LOAD).until(d -> d.findElements(selector).size() == groups);
    Map<String, Long> out = new TreeMap<>();
    for (WebElement bar : b.driver.findElements(selector)) {
      out.put(bar.getAttribute("data-group"), Long.parseLong(bar.getAttribute("data-value")));
    }
    return out;
  }

  private static String chartText(Browser b) {
    return b.driver.findElement(By.cssSelector("[data-report='first-touch'] svg")).getText()
        + b.driver.findElement(By.cssSelector("[data-report='first-touch'] svg")).getAttribute("textContent");
  }

  @Test
  void aManagerSeesTheFirstTouchChartGroupsItByRepAndDownloadsTheCsv(@TempDir Path downloads) throws IOException {
    Browser b = browser(Browser.DESKTOP, downloads);
    signIn(b, "mgr-east", "/app/board");
    b.driver.get(engine.uri("/app/reports").toString());

    // No groupBy: one bar, every east lead (the manager does not see the south lead).
    long all = median(touchAll);
    assertEquals(Map.of("all", all), bars(b, 1));
    assertTrue(chartText(b).contains(shown(all)), "the median in text: " + shown(all) + " in " + chartText(b));
    assertEquals("4", b.driver.findElement(By.cssSelector(".tiles div:first-child dd")).getText());

    // Group by rep: the chart follows, one bar per rep with that rep's median; the URL keeps the filter.
    new Select(b.driver.findElement(By.name("groupBy"))).selectByValue("rep");
    Map<String, Long> expected = new TreeMap<>();
    touchByRep.forEach((rep, values) -> expected.put(rep, median(values)));
    new WebDriverWait(b.driver, LOAD).until(d -> bars(b, expected.size()).equals(expected));
    for (long ms : expected.values()) assertTrue(chartText(b).contains(shown(ms)), shown(ms) + " in " + chartText(b));
    assertTrue(b.driver.getCurrentUrl().contains("groupBy=rep"), b.driver.getCurrentUrl());
    b.screenshot("reports-desktop");

    // A link reproduces the view.
    b.driver.navigate().refresh();
    new WebDriverWait(b.driver, LOAD).until(d -> bars(b, expected.size()).equals(expected));

    // The CSV: a real download into Chromium's download directory, the same rows as the API's.
    WebElement csv = b.driver.findElement(By.cssSelector("[data-report='first-touch']"))
        .findElement(By.xpath("ancestor::section")).findElement(By.cssSelector("a[data-action='csv']"));
    String href = csv.getAttribute("href");
    csv.click();
    Path file = downloads.resolve("first-touch.csv");
    awaitAssert(Duration.ofSeconds(10), () -> assertTrue(Files.exists(file), "downloaded: " + list(downloads)));
    String api = engine.get(href.substring(href.indexOf("/api/v1/")), engine.token("mgr-east", "manager")).body();
    awaitAssert(Duration.ofSeconds(5), () -> assertEquals(api, read(file)));
    List<String> lines = api.lines().toList();
    assertEquals(1 + expected.size(), lines.size(), api);
    assertTrue(lines.get(0).startsWith("group,leads,assigned,acknowledged,medianMs,"), api);
    int i = 1;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      String[] cells = lines.get(i++).split(",");
      assertEquals(e.getKey(), cells[0]);
      assertEquals(String.valueOf(e.getValue()), cells[4]);
    }
    List<String> problems = b.consoleProblems();
    assertTrue(problems.isEmpty(), "console: " + problems);
  }

  @Test
  void onAPhoneEveryViewDrawsItsChart() {
    Browser b = browser(Browser.PHONE, null);
    signIn(b, "mgr-east", "/app/board");
    for (String view : List.of("sla", "follow-up", "funnel", "sources", "first-touch")) {
      b.driver.get(engine.uri("/app/reports?view=" + view + "&groupBy=day").toString());
      new WebDriverWait(b.driver, LOAD).until(d -> !d.findElements(By.cssSelector("[data-report='" + view + "'] svg")).isEmpty());
      WebElement svg = b.driver.findElement(By.cssSelector("[data-report='" + view + "'] svg"));
      assertTrue(svg.getSize().width <= Browser.PHONE.width, view + " fits the phone: " + svg.getSize());
      b.driver.executeScript("arguments[0].scrollIntoView({block: 'start'});",
          b.driver.findElement(By.cssSelector("[data-report='" + view + "']")));
      if (view.equals("sla")) b.screenshot("reports-sla-phone");
    }
    b.screenshot("reports-phone");
    List<String> problems = b.consoleProblems();
    assertTrue(problems.isEmpty(), "console: " + problems);
  }

  @Test
  void aRepGetsTheForbiddenPage() {
    Browser b = browser(Browser.PHONE, null);
    signIn(b, "rep-east-1", "/app/rep");
    b.driver.get(engine.uri("/app/reports").toString());
    new WebDriverWait(b.driver, LOAD).until(d -> !d.findElements(By.cssSelector("[data-view='forbidden']")).isEmpty());
    assertTrue(b.driver.findElements(By.cssSelector("[data-report]")).isEmpty());
    // The page itself answers 403, which the browser logs as a failed load: nothing else.
    List<String> problems = b.consoleProblems().stream()
        .filter(p -> !(p.contains("/app/reports") && p.contains("403"))).toList();
    assertTrue(problems.isEmpty(), "console: " + problems);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> list(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }
}
