package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A manager plans a rep's absence on the availability page in a real headless Chromium (issue 20):
 * a date range that ends before it starts is refused at its field, the corrected one is saved as a
 * new routing rules version by the manager. Screenshots to target/ui/ (admin-absences-*.png).
 */
class AbsencesBrowserIT extends PageTestSupport {



  @BeforeAll
  static void start() {
    startEngine(ConfigFactory.empty());
  }




  /** A date input's value as the page reads it (typing into a date input depends on the browser's locale). */
  private static void set(Browser b, String id, String value) {
    ((JavascriptExecutor) b.driver).executeScript(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
        b.driver.findElement(By.id(id)), value);
  }

  @Test
  void aManagerAddsAnAbsenceForTheirRep() {
    for (org.openqa.selenium.Dimension size : List.of(Browser.PHONE, Browser.DESKTOP)) {
      Browser b = browser(size);
      signIn(b, "mgr-south", "/app/board");
      b.driver.get(engine.uri("/app/admin#availability").toString());
      WebElement box = await(b, By.cssSelector("[data-absences='rep-south-2']"));
      if (size == Browser.DESKTOP) {
        // The phone's absence is listed; the desktop adds nothing and shows the page.
        await(b, By.id("absence-rep-south-2-0-from"));
        b.screenshot("admin-absences-desktop");
        assertEquals(List.of(), b.consoleProblems());
        continue;
      }
      box.findElement(By.cssSelector("[data-action='add-absence']")).click();
      set(b, "absence-rep-south-2-0-from", "2026-12-10");
      set(b, "absence-rep-south-2-0-to", "2026-12-08");
      box.findElement(By.cssSelector("[data-action='save-absences']")).click();
      WebElement error = await(b, By.cssSelector("#absence-rep-south-2-0-to-error[data-field='/absences/0/to']"));
      assertEquals("must be after from", error.getText());
      assertEquals("true", b.driver.findElement(By.id("absence-rep-south-2-0-to")).getAttribute("aria-invalid"));

      set(b, "absence-rep-south-2-0-to", "2026-12-14");
      set(b, "absence-rep-south-2-0-reason", "vacation");
      box.findElement(By.cssSelector("[data-action='save-absences']")).click();
      new WebDriverWait(b.driver, LOAD).until(d -> box.getAttribute("data-saved") != null);
      JsonNode routing = EngineFixture.json(engine.get("/api/v1/routing", engine.admin()));
      assertEquals("mgr-south", routing.get("by").asText());
      assertEquals(box.getAttribute("data-saved"), routing.get("version").asText());
      assertEquals("{\"from\":\"2026-12-10\",\"to\":\"2026-12-14\",\"reason\":\"vacation\"}",
          routing.at("/document/people/rep-south-2/absences/0").toString());
      assertEquals("", b.driver.findElement(By.id("absence-rep-south-2-0-to-error")).getText());
      b.screenshot("admin-absences-phone");
      String manager = engine.token("mgr-south", "manager");
      EngineFixture.awaitAssert(Duration.ofSeconds(5), () -> {
        for (JsonNode p : EngineFixture.json(engine.get("/api/v1/availability", manager)).get("people")) {
          if (p.get("id").asText().equals("rep-south-2")) assertEquals("2026-12-14", p.at("/absences/0/to").asText(), p.toString());
        }
      });
      assertEquals(List.of(), b.consoleProblems().stream()
          .filter(p -> !(p.contains("/api/v1/reps/rep-south-2/absences") && p.contains("status of 400"))).toList());
    }
  }
}
