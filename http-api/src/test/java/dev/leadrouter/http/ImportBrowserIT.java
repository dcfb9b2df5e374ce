package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.source.SourceDeliveryLog;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages' sources and import areas in a real headless Chromium against a real engine
 * (issue 20, "Tests"): an admin signed in by a sign-in link uploads a 1,000-row CSV with 20 bad rows
 * through the file input, maps its columns, dry-runs (980 / 20), imports (980 created, the 20
 * errors shown), and the per-row report has the 20; the leads are found by source. In the sources
 * area the admin adds a source from a template, sees its webhook URL, sends a test delivery and sees
 * it among the last deliveries. No console problems. Screenshots to target/ui/.
 */
class ImportBrowserIT {

  private static final Duration LOAD = Duration.ofSeconds(15);
  private static final Duration IMPORT = Duration.ofSeconds(60);
  private static final String ADMIN = "ops-admin";

  @TempDir static Path dir;

  private static EngineFixture engine;
  private static Browser browser;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty());
    browser = Browser.open(Browser.DESKTOP);
    // An admin is not a person of the org chart, so POST /login-links cannot name one; the sign-in
    // link takes the admin's own API token instead (GET /app/login?token=…, as a pasted token would).
    browser.driver.get(engine.uri("/app/login?token=" + engine.token(ADMIN, "admin")).toString());
    new WebDriverWait(browser.driver, LOAD).until(d -> d.getCurrentUrl().endsWith("/app/board"));
    await(By.cssSelector("main[data-loaded='true']"), LOAD);
    assertNoConsoleProblems();
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
    browser = null;
    if (engine != null) engine.close();
    engine = null;
  }

  private static WebElement await(By what, Duration max) {
    return new WebDriverWait(browser.driver, max).until(d -> d.findElements(what).stream().findFirst().orElse(null));
  }

  private static void assertNoConsoleProblems() {
    List<String> problems = browser.consoleProblems();
    assertTrue(problems.isEmpty(), "console: " + problems);
  }

  /** 1,000 data rows: rows 2..1001; every 50th row bad (10 with no phone and no e-mail, 10 with a bad phone). */
  private static Path thousandRows(Set<Integer> badRows) throws Exception {
    StringBuilder csv = new StringBuilder("\uFEFF姓名,手机,邮箱,公司,地区\r\n");
    for (int i = 0; i < 1000; i++) {
      int row = i + 2;
      if (i % 50 == 7) {
        badRows.add(row);
        boolean noContact = badRows.size() % 2 == 1;
        csv.append("坏行").append(i).append(',').append(noContact ? "" : "12345").append(",,\"公司, ").append(i).append("\",上海\r\n");
      } else {
        csv.append("客户").append(i).append(',').append(EngineFixture.newPhone()).append(",,公司").append(i).append(",上海\r\n");
      }
    }
    Path file = dir.resolve("leads-" + UUID.randomUUID() + ".csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private static int count(String result, String key) {
    return Integer.parseInt(browser.driver.findElement(
        By.cssSelector("[data-result='" + result + "'] [data-count='" + key + "'] .n")).getText());
  }

  @Test
  void anAdminImportsAThousandRowCsvWithTwentyBadRows() throws Exception {
    Set<Integer> badRows = new TreeSet<>();
    Path file = thousandRows(badRows);
    assertEquals(20, badRows.size());
    String source = "fair-" + UUID.randomUUID().toString().substring(0, 8);

    browser.driver.get(engine.uri("/app/admin#import").toString());
    WebElement input = await(By.cssSelector("[data-area='import'] input[type='file']"), LOAD);
    input.sendKeys(file.toAbsolutePath().toString());
    await(By.cssSelector("[data-map='phone']"), LOAD);
    assertEquals("手机", new Select(browser.driver.findElement(By.cssSelector("[data-map='phone']"))).getFirstSelectedOption().getText(),
        "guessed from the header");
    new Select(browser.driver.findElement(By.cssSelector("[data-map='name']"))).selectByValue("姓名");
    new Select(browser.driver.findElement(By.cssSelector("[data-map='company']"))).selectByValue("公司");
    new Select(browser.driver.findElement(By.cssSelector("[data-map='region']"))).selectByValue("地区");
    browser.driver.findElement(By.cssSelector("[data-default='source']")).sendKeys(source);

    browser.driver.findElement(By.cssSelector("[data-action='dry-run']")).click();
    await(By.cssSelector("[data-result='dry-run']"), IMPORT);
    assertEquals(980, count("dry-run", "created"));
    assertEquals(20, count("dry-run", "refused"));
    browser.driver.executeScript("document.querySelector('[data-result=\"dry-run\"]').scrollIntoView({block: 'center'});");
    browser.screenshot("admin-import-dry-run-desktop");

    WebElement importButton = browser.driver.findElement(By.cssSelector("[data-action='import']"));
    assertTrue(importButton.isEnabled(), "the import is offered after a dry run");
    importButton.click();
    await(By.cssSelector("[data-result='import']"), IMPORT);
    assertEquals(980, count("import", "created"));
    assertEquals(20, count("import", "refused"));
    Set<Integer> shown = new TreeSet<>();
    for (WebElement tr : browser.driver.findElements(By.cssSelector("[data-import='errors'] tbody tr"))) {
      shown.add(Integer.parseInt(tr.getAttribute("data-row")));
    }
    assertEquals(badRows, shown, "the 20 errors, by row");
    browser.driver.manage().window().setSize(Browser.PHONE);
    browser.driver.executeScript("document.querySelector('[data-result=\"import\"]').scrollIntoView({block: 'start'});");
    browser.screenshot("admin-import-phone");
    browser.driver.manage().window().setSize(Browser.DESKTOP);

    // the report, fetched with the page's session
    String href = browser.driver.findElement(By.cssSelector("[data-action='report']")).getAttribute("href");
    String csv = (String) browser.async("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('failed: ' + e));", href);
    Set<Integer> reported = new TreeSet<>();
    for (String line : csv.split("\r?\n")) {
      List<String> cells = Arrays.asList(line.split(",", -1));
      if (cells.size() > 1 && cells.get(1).equals("refused")) reported.add(Integer.parseInt(cells.get(0)));
    }
    assertEquals(badRows, reported, "the report has the 20 refused rows");

    // the leads, by source: the API (a page of them) and the read model (all of them)
    awaitAssert(Duration.ofSeconds(30), () -> assertEquals(980,
        new SourceDeliveryLog(engine.running.db()).accepted(source, 2000).size()));
    JsonNode page = EngineFixture.json(engine.get("/api/v1/leads?source=" + source + "&limit=500", engine.admin()));
    assertEquals(500, page.get("leads").size());
    assertEquals(0, EngineFixture.json(engine.get("/api/v1/leads?source=nothing-" + source, engine.admin())).get("leads").size());

    // Not routed unless asked (the box was left off): every new lead is UNROUTED; one is assigned by
    // hand on its page.
    assertEquals("false", browser.driver.findElement(By.cssSelector("[data-routed]")).getAttribute("data-routed"));
    JsonNode first = page.get("leads").get(0);
    assertEquals("UNROUTED", first.get("status").asText(), first.toString());
    String leadId = first.get("leadId").asText();
    browser.driver.get(engine.uri("/app/leads/" + leadId).toString());
    WebElement picker = await(By.cssSelector("[data-action='assign'] select"), LOAD);
    new WebDriverWait(browser.driver, LOAD).until(d -> picker.findElements(By.cssSelector("option[value='rep-east-1']")).size() == 1);
    new Select(picker).selectByValue("rep-east-1");
    browser.driver.findElement(By.cssSelector("[data-action='assign'] button")).click();
    awaitAssert(Duration.ofSeconds(20), () -> assertEquals("ASSIGNED",
        EngineFixture.json(engine.get("/api/v1/leads/" + leadId, engine.admin())).get("status").asText()));
    // the page shows the lead again as the engine has it now: assigned, its SLA clock running (the
    // page re-renders the article: one found just before that is stale, and is looked up again)
    new WebDriverWait(browser.driver, LOAD).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> "on_track".equals(
        d.findElement(By.cssSelector("article[data-lead-id]")).getAttribute("data-sla-state")));
    assertNoConsoleProblems();
  }

  @Test
  void anAdminAddsASourceFromATemplateAndSendsATestDelivery() {
    browser.driver.get(engine.uri("/app/admin#sources").toString());
    WebElement type = await(By.cssSelector("[data-area='sources'] #template-type"), LOAD);
    new Select(type).selectByValue("generic");
    browser.driver.findElement(By.cssSelector("[data-action='add-source']")).click();
    await(By.cssSelector("#src-id"), LOAD).sendKeys("landing-it");
    browser.driver.findElement(By.cssSelector("#src-secrets-token")).sendKeys("tok-" + UUID.randomUUID());
    browser.driver.findElement(By.cssSelector("[data-action='save-source']")).click();

    WebElement hook = await(By.cssSelector("[data-webhook='landing-it']"), LOAD);
    assertEquals(engine.uri("/api/v1/sources/landing-it/events") + "?token=<token>", hook.getText());
    WebElement card = browser.driver.findElement(By.cssSelector("[data-source-id='landing-it']"));
    card.findElement(By.cssSelector("[data-action='test-delivery']")).click();
    await(By.cssSelector("[data-source-id='landing-it'] .test-result[data-test-status='202']"), LOAD);
    card.findElement(By.cssSelector("[data-action='deliveries']")).click();
    await(By.cssSelector("[data-source-id='landing-it'] [data-deliveries='others'] tr[data-kind='test'][data-status='202']"), LOAD);
    browser.driver.executeScript("document.querySelector('[data-source-id=\"landing-it\"] .test-result').scrollIntoView({block: 'start'});");
    browser.screenshot("admin-sources-desktop");
    assertNoConsoleProblems();

    // saved again without typing the secret: the stored one is kept (the test delivery still passes)
    card.findElement(By.cssSelector("[data-action='edit']")).click();
    await(By.cssSelector("[data-action='save-source']"), LOAD).click();
    new WebDriverWait(browser.driver, LOAD).until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(card));
    await(By.cssSelector("[data-source-id='landing-it'] [data-action='test-delivery']"), LOAD).click();
    await(By.cssSelector("[data-source-id='landing-it'] .test-result[data-test-status='202']"), LOAD);
    List<String> saved = new ArrayList<>();
    for (JsonNode s : EngineFixture.json(engine.get("/api/v1/sources", engine.admin())).at("/document/sources")) saved.add(s.get("id").asText());
    assertEquals(List.of("landing-it"), saved);
    assertNoConsoleProblems();
  }
}
