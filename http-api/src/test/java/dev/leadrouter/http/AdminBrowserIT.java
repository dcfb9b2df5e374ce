package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in a real headless Chromium (issue 20): an admin edits a rep's capacity in the org
 * chart form and publishes, and the API has it; an invalid edit is shown at its field; a rep gets the
 * 403 page and no admin data; a manager sees only their own people's availability and sets it.
 * Screenshots to target/ui/ (admin-*.png).
 */
class AdminBrowserIT extends PageTestSupport {



  @BeforeAll
  static void start() {
    startEngine(ConfigFactory.empty());
  }




  /** The admin is nobody in the chart (no login link names them): they paste their token on the sign-in page. */
  private static void signInAdmin(Browser b) {
    b.driver.get(engine.uri("/app/?next=/app/admin%23org").toString());
    WebElement token = await(b, By.id("token"));
    ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript("arguments[0].value = arguments[1]", token, engine.admin());
    b.driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    new WebDriverWait(b.driver, LOAD).until(d -> d.getCurrentUrl().contains("/app/board") || d.getCurrentUrl().contains("/app/admin"));
  }


  private static JsonNode person(JsonNode chart, String id) {
    for (JsonNode p : chart.get("people")) if (p.get("id").asText().equals(id)) return p;
    throw new AssertionError("no " + id);
  }

  @Test
  void anAdminChangesARepsCapacityPublishesAndSeesAnInvalidEditAtItsField() {
    Browser b = browser(Browser.DESKTOP);
    signInAdmin(b);
    b.driver.get(engine.uri("/app/admin#org").toString());
    WebElement rep = await(b, By.cssSelector("[data-person='rep-east-2']"));
    rep.findElement(By.tagName("summary")).click();
    WebElement capacity = rep.findElement(By.cssSelector("[data-pointer$='/capacity']"));
    String pointer = capacity.getAttribute("data-pointer");
    capacity.clear();
    capacity.sendKeys("33");
    int before = Integer.parseInt(await(b, By.cssSelector("[data-doc] p[data-version]")).getAttribute("data-version"));
    b.driver.findElement(By.cssSelector("[data-org] [data-action='publish']")).click();
    new WebDriverWait(b.driver, LOAD).until(d -> d.findElement(By.cssSelector("[data-doc] p[data-version]"))
        .getAttribute("data-version").equals(String.valueOf(before + 1)));
    assertTrue(b.driver.findElement(By.cssSelector("[data-versions='org'] li")).getText().contains("admin"));
    EngineFixture.awaitAssert(Duration.ofSeconds(5), () -> assertEquals(33,
        person(EngineFixture.json(engine.get("/api/v1/org", engine.admin())), "rep-east-2").get("capacity").asInt()));
    b.screenshot("admin-org-desktop");

    // An invalid edit: the engine's error is shown at the input its pointer names, which gets the focus.
    WebElement again = b.driver.findElement(By.cssSelector("[data-pointer='" + pointer + "']"));
    again.clear();
    again.sendKeys("-5");
    b.driver.findElement(By.cssSelector("[data-org] [data-action='publish']")).click();
    new WebDriverWait(b.driver, LOAD).until(d -> "true".equals(
        d.findElement(By.cssSelector("[data-pointer='" + pointer + "']")).getAttribute("aria-invalid")));
    WebElement message = b.driver.findElement(By.id(again.getAttribute("aria-describedby")));
    assertEquals(pointer, message.getAttribute("data-field"));
    assertFalse(message.getText().isBlank());
    assertEquals(pointer, b.driver.switchTo().activeElement().getAttribute("data-pointer"), "the first error is focused");
    assertEquals("-5", again.getAttribute("value"), "what was typed is kept");
    assertEquals(33, person(EngineFixture.json(engine.get("/api/v1/org", engine.admin())), "rep-east-2").get("capacity").asInt());
    b.screenshot("admin-org-error-desktop");
    assertEquals(List.of(), b.consoleProblems().stream().filter(p -> !p.contains("/api/v1/org - Failed to load resource")).toList());
  }

  @Test
  void anAdminSimulatesARoutingDraftComparesVersionsAndSeesTheSlaAndPipelineEditors() {
    Browser b = browser(Browser.PHONE);
    signInAdmin(b);
    b.driver.get(engine.uri("/app/admin#routing").toString());
    WebElement editor = await(b, By.cssSelector("[data-editor='routing']"));
    new WebDriverWait(b.driver, LOAD).until(d -> editor.getAttribute("value").contains("\"rules\""));
    b.driver.findElement(By.cssSelector("[data-action='simulate']")).click();
    await(b, By.cssSelector("[data-simulation] [data-shift]"));
    b.driver.findElement(By.cssSelector("[data-action='diff']")).click();
    await(b, By.cssSelector("[data-diff] p, [data-diff] ul"));

    // A draft the engine refuses: its errors listed by line and pointer, the editor marked invalid.
    ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
        "const d = JSON.parse(arguments[0].value); d.rules[0].target = {pool: 'no-such-pool'}; arguments[0].value = JSON.stringify(d)", editor);
    b.driver.findElement(By.cssSelector("[data-doc='routing'] [data-action='publish']")).click();
    WebElement error = await(b, By.cssSelector("[data-errors='routing'] [data-field]"));
    assertTrue(error.getAttribute("data-field").startsWith("/rules/0"), error.getAttribute("data-field"));
    assertEquals("true", editor.getAttribute("aria-invalid"));
    b.screenshot("admin-routing-phone");

    b.driver.get(engine.uri("/app/admin#sla").toString());
    for (String doc : List.of("sla", "pipelines")) {
      WebElement text = await(b, By.cssSelector("[data-editor='" + doc + "']"));
      new WebDriverWait(b.driver, LOAD).until(d -> text.getAttribute("value").length() > 10);
      assertFalse(b.driver.findElements(By.cssSelector("[data-versions='" + doc + "'] li")).isEmpty(), doc);
    }
    assertEquals(List.of(), b.consoleProblems().stream().filter(p -> !p.contains("/api/v1/routing - Failed to load resource")).toList());
  }

  @Test
  void aRepGetsTheForbiddenPageAndNoAdminData() {
    Browser b = browser(Browser.PHONE);
    signIn(b, "rep-east-1", "/app/rep");
    for (String path : List.of("/app/admin", "/app/admin#org")) {
      b.driver.get(engine.uri(path).toString());
      await(b, By.cssSelector("[data-state='forbidden']"));
      assertTrue(b.driver.findElements(By.cssSelector("[data-view='admin']")).isEmpty(), path);
      // What the page asked of the API: no admin call, let alone a successful one.
      @SuppressWarnings("unchecked")
      List<String> calls = (List<String>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
          "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/v1/'))");
      assertTrue(calls.stream().noneMatch(c -> c.contains("/org") || c.contains("/routing") || c.contains("/sla-policies")
          || c.contains("/availability")), calls.toString());
    }
  }

  @Test
  void aManagerSeesOnlyTheirPeoplesAvailabilityAndSetsIt() {
    Browser b = browser(Browser.PHONE);
    signIn(b, "mgr-south", "/app/board");
    b.driver.get(engine.uri("/app/admin#org").toString());
    await(b, By.cssSelector("[data-availability] [data-person-id]"));
    assertEquals(List.of("availability"), b.driver.findElements(By.cssSelector("[data-tab]")).stream()
        .map(e -> e.getAttribute("data-tab")).toList(), "one area, whatever the hash asks");
    assertEquals(List.of("rep-south-1", "rep-south-2"), b.driver.findElements(By.cssSelector("[data-person-id]")).stream()
        .map(e -> e.getAttribute("data-person-id")).toList());
    new Select(b.driver.findElement(By.id("avail-rep-south-1"))).selectByValue("away");
    new WebDriverWait(b.driver, LOAD).until(d -> "away".equals(
        d.findElement(By.cssSelector("[data-person-id='rep-south-1']")).getAttribute("data-availability")));
    JsonNode latest = EngineFixture.json(engine.get("/api/v1/org/versions", engine.admin())).get("versions");
    assertEquals("mgr-south", latest.get(latest.size() - 1).get("by").asText());
    assertEquals("away", person(EngineFixture.json(engine.get("/api/v1/org", engine.admin())), "rep-south-1")
        .get("availability").asText());
    b.screenshot("admin-availability-phone");
    assertEquals(List.of(), b.consoleProblems());
    assertEquals(200, engine.put("/api/v1/reps/rep-south-1/availability", engine.admin(), "{\"availability\":\"available\"}")
        .statusCode());
  }
}
