package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser app's source files (http-api/src/main/resources/app): the asset list is the
 * directory, both message catalogues have the same keys and no empty text, and every key the pages
 * use exists — the literal ones found by scanning the JS and HTML, the computed ones
 * ({@code t(`state.${state}`)}) for every value the API can send.
 */
class AppFilesTest {

  private static final Path APP = Path.of("src", "main", "resources", "app");
  private static final List<String> LOCALES = List.of("en", "zh-CN");

  /** The prefixes of computed keys and every value the API (docs/api.md) can fill in. */
  private static final Map<String, List<String>> COMPUTED = Map.ofEntries(
      Map.entry("state.", List.of("on_track", "at_risk", "escalated", "breached", "on_hold", "queued", "acknowledged")),
      Map.entry("status.", List.of("RECEIVED", "QUEUED", "ASSIGNED", "ACKNOWLEDGED", "CONTACTED", "CLOSED", "UNROUTED")),
      Map.entry("step.", List.of("REMIND", "ESCALATE_MANAGER", "ESCALATE_DIRECTOR", "ESCALATE_ROLE", "COPY", "REASSIGN", "BREACH")),
      Map.entry("change.", List.of("RECEIVED", "RETURNING", "QUEUED", "WAITING", "ASSIGNED", "REVOKED", "WITHDRAWN", "REMINDER",
          "ESCALATED", "COPIED", "BREACHED", "REASSIGNED", "ON_HOLD", "HELD", "RESUMED", "ACKNOWLEDGED", "CONTACTED",
          "CLOSED", "CONVERTED", "NOT_ROUTED")),
      Map.entry("signin.error.", List.of("invalid-token", "expired", "used", "not-a-person")),
      Map.entry("role.", List.of("admin", "director", "manager", "rep")),
      Map.entry("alert.", List.of("ASSIGNED", "REMINDER")),
      Map.entry("health.", List.of("completeness", "credibility", "heat", "match")),
      Map.entry("filter.", List.of("region", "team", "repId", "source")),
      Map.entry("nav.", List.of("reports", "admin")),
      Map.entry("admin.area.", List.of("org", "routing", "sla", "sources", "import", "availability")),
      Map.entry("org.field.", List.of("id", "name", "role", "managerId", "team", "capacity", "availability", "regions",
          "industries", "budgetBands", "channels", "calendar", "email", "mobile", "locale")),
      Map.entry("avail.", List.of("available", "away", "deactivated", "from", "to", "reason")),
      Map.entry("rules.op.", List.of("added", "removed", "changed", "moved")),
      Map.entry("import.count.", List.of("created", "merged", "duplicate", "refused")));

  private static JsonNode catalogue(String locale) throws IOException {
    return Json.MAPPER.readTree(APP.resolve("assets/messages." + locale + ".json").toFile());
  }

  private static Set<String> keys(JsonNode catalogue) {
    Set<String> keys = new TreeSet<>();
    catalogue.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** WCAG relative luminance of #rrggbb. */
  private static double luminance(String hex) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  private static double contrast(String a, String b) {
    double la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  @Test
  void textAndBadgeColoursHaveAContrastOfAtLeast4_5() throws IOException {
    String css = Files.readString(APP.resolve("assets/app.css"));
    Map<String, String> vars = new java.util.HashMap<>();
    Matcher m = Pattern.compile("--([a-z_-]+):\\s*(#[0-9a-fA-F]{6})").matcher(css);
    while (m.find()) vars.put(m.group(1), m.group(2));
    List<String[]> pairs = new ArrayList<>(List.of(
        new String[] {"fg", "bg"}, new String[] {"fg", "card"}, new String[] {"muted", "bg"}, new String[] {"muted", "card"},
        new String[] {"accent", "card"}, new String[] {"accent-fg", "accent"}));
    // Badges: white text on each state's colour; the state's colour is also the card's edge.
    for (String state : COMPUTED.get("state.")) pairs.add(new String[] {state, "card"});
    for (String[] p : pairs) {
      assertTrue(vars.containsKey(p[0]) && vars.containsKey(p[1]), String.join("/", p));
      double ratio = contrast(vars.get(p[0]), vars.get(p[1]));
      assertTrue(ratio >= 4.5, p[0] + " on " + p[1] + ": " + ratio);
    }
  }

  @Test
  void theAssetListIsTheDirectory() throws IOException {
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(APP.resolve("assets/index.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) listed.add(line.trim());
    }
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(APP.resolve("assets"))) {
      files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("index.txt")).forEach(present::add);
    }
    assertEquals(present, listed);
  }

  @Test
  void bothCataloguesHaveTheSameKeysAndNoEmptyText() throws IOException {
    assertEquals(keys(catalogue("en")), keys(catalogue("zh-CN")));
    for (String locale : LOCALES) {
      catalogue(locale).fields().forEachRemaining(e -> {
        assertTrue(e.getValue().isTextual() && !e.getValue().asText().isBlank(), locale + " " + e.getKey());
      });
    }
  }

  @Test
  void everyKeyThePagesUseIsInTheCatalogues() throws IOException {
    Set<String> used = new TreeSet<>();
    List<String> computedPrefixes = new ArrayList<>();
    Pattern literal = Pattern.compile("\\bt\\(\\s*\"([^\"]+)\"");
    Pattern template = Pattern.compile("\\bt\\(\\s*`([^`$]*)\\$\\{");
    Pattern attribute = Pattern.compile("data-(?:i18n|i18n-label|title)=\"([^\"]+)\"");
    Pattern keyArg = Pattern.compile("\"((?:rep|board|lead|field|opp|nav|filter|health|time|error|signin)\\.[A-Za-z.]+)\"");
    try (Stream<Path> files = Stream.concat(Files.list(APP.resolve("assets")), Files.list(APP.resolve("pages")))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".js") && !name.endsWith(".html")) continue;
        String text = Files.readString(f);
        for (Pattern p : List.of(literal, attribute, keyArg)) {
          Matcher m = p.matcher(text);
          while (m.find()) used.add(m.group(1));
        }
        Matcher m = template.matcher(text);
        while (m.find()) computedPrefixes.add(m.group(1));
      }
    }
    for (String prefix : computedPrefixes) {
      assertTrue(COMPUTED.containsKey(prefix), "a computed key with a prefix this test does not know: " + prefix);
      COMPUTED.get(prefix).forEach(v -> used.add(prefix + v));
    }
    assertTrue(used.size() > 100, "the scan finds the keys: " + used.size());
    for (String locale : LOCALES) {
      Set<String> missing = new TreeSet<>(used);
      missing.removeAll(keys(catalogue(locale)));
      assertEquals(Set.of(), missing, "keys missing from messages." + locale + ".json");
    }
  }
}
