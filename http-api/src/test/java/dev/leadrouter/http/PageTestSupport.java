package dev.leadrouter.http;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests of the pages share: one fresh engine on H2 per test class, the browsers
 * that class opened (closed with it, then the engine), signing a person in by login link, and
 * waiting for an element with what the page showed when it never came.
 */
abstract class PageTestSupport {

  /** A page's own load, signed-in redirects included, on a loaded 2-core machine. */
  static final Duration LOAD = Duration.ofSeconds(15);

  static EngineFixture engine;
  private static final List<Browser> browsers = new ArrayList<>();

  /** Starts this class's engine (skips the class without Chromium, unless CI=true). */
  static void startEngine(Config config) {
    Browser.assumeInstalled();
    engine = EngineFixture.startFresh(TestDb.H2, config);
  }

  @AfterAll
  static void closeBrowsersAndEngine() {
    for (Browser b : browsers) b.close();
    browsers.clear();
    if (engine != null) engine.close();
    engine = null;
  }

  static Browser browser(Dimension size) {
    return browser(size, null);
  }

  /** A browser closed with the class; {@code downloads} (or null) is where its downloads go. */
  static Browser browser(Dimension size, Path downloads) {
    Browser b = downloads == null ? Browser.open(size) : Browser.open(size, downloads);
    browsers.add(b);
    return b;
  }

  /** Signs {@code personId} in through a login link an admin issued, as a person would: opening the link. */
  static void signIn(Browser b, String personId, String expectedHome) {
    b.signInByLink(engine, personId, expectedHome);
  }

  /** The first element {@code what} once there (within {@link #LOAD}); else fails with the URL, console and page text. */
  static WebElement await(Browser b, By what) {
    try {
      return new WebDriverWait(b.driver, LOAD).until(d -> d.findElements(what).stream().findFirst().orElse(null));
    } catch (TimeoutException e) {
      throw new AssertionError("no " + what + " on " + b.driver.getCurrentUrl() + "; console " + b.consoleProblems()
          + "; page " + b.driver.findElement(By.tagName("main")).getText(), e);
    }
  }
}
