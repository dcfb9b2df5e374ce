package dev.leadrouter.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by
 * Selenium, for the pages' end-to-end tests. Selenium Manager never runs: the driver and the browser
 * are the machine's own (nothing is downloaded). Without them the test is skipped, except under
 * {@code CI=true}, where a missing browser is a failure ({@code .ci/run} installs it).
 * Screenshots go to {@code http-api/target/ui/}. Closing quits the browser and its driver.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LEADROUTER_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LEADROUTER_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "ui");

  /** A phone (iPhone 12–15 class) and a desktop window. */
  static final Dimension PHONE = new Dimension(390, 844);
  static final Dimension DESKTOP = new Dimension(1280, 800);

  final ChromeDriver driver;
  private final ChromeDriverService service;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** Skips the calling test when the machine has no Chromium (never under CI). */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
    }
    Assumptions.assumeTrue(installed, "no " + CHROMIUM + " / " + CHROMEDRIVER + " here");
  }

  /** A fresh browser (its own profile: no cookies) with a window of {@code size}. */
  static Browser open(Dimension size) {
    return open(size, null);
  }

  /**
   * A fresh browser with a window of {@code size} that saves downloads into {@code downloads}
   * without asking (Chromium's {@code download.default_directory}); null: Chromium's default.
   */
  static Browser open(Dimension size, Path downloads) {
    assumeInstalled();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + size.width + "," + size.height, "--lang=zh-CN", "--no-first-run",
        "--disable-background-networking", "--disable-component-update");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    if (downloads != null) {
      options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
          "download.prompt_for_download", false));
    }
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      driver.manage().window().setSize(size);
      return new Browser(service, driver);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  /** Saves what the window shows as {@code target/ui/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path to = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(shot.toPath());
      return to;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the screenshot " + name, e);
    }
  }

  /** The console's warnings and errors since the last call (uncaught exceptions, failed loads, CSP). */
  List<String> consoleProblems() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::toString).toList();
  }

  /** Runs {@code script} in the page (async: the script's last argument is the callback). */
  Object async(String script, Object... args) {
    return driver.executeAsyncScript(script, args);
  }

  Map<String, Object> capabilities() {
    return driver.getCapabilities().asMap();
  }

  /**
   * Signs {@code personId} in as a person would: an admin of {@code engine} issues a login link and
   * this browser opens it; waits until the page is the person's home.
   */
  void signInByLink(EngineFixture engine, String personId, String expectedHome) {
    java.net.http.HttpResponse<String> link =
        engine.post("/api/v1/login-links", engine.admin(), "{\"personId\":\"" + personId + "\"}");
    org.junit.jupiter.api.Assertions.assertEquals(201, link.statusCode(), link.body());
    driver.get(EngineFixture.json(link).get("url").asText());
    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(15))
        .until(d -> d.getCurrentUrl().endsWith(expectedHome));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
