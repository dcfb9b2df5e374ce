package dev.leadrouter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.intake.IndustryTaxonomy;
import dev.leadrouter.engine.intake.LeadInput;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake settings as the engine reads them from configuration. */
class EngineSettingsTest {

  private static EngineSettings settings(String hocon) {
    Config config = ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()).resolve();
    return EngineSettings.fromConfig(config);
  }

  private static LeadInput lead(String industry, String clientIp) {
    return new LeadInput("web", "e1", "王工", null, "w@x.cn", null, null, industry, null, "normal",
        LeadInput.Utm.EMPTY, clientIp, null, Map.of());
  }

  @Test
  void byDefaultTheDemoTaxonomyAndNoIpLookup() {
    EngineSettings s = settings("");
    assertEquals(IndustryTaxonomy.DEFAULT, s.industries());
    assertEquals("SaaS", s.clean(lead("saas", "114.114.114.114")).industry());
    assertEquals(List.of("REGION_MISSING"), s.clean(lead("saas", "114.114.114.114")).flags());
  }

  @Test
  void aConfiguredTaxonomyAndIpDatabaseAreWhatIntakeCleansWith(@TempDir Path dir) throws Exception {
    Path xdb = dir.resolve("ip2region.xdb");
    try (InputStream in = EngineSettingsTest.class.getResourceAsStream("/ip2region/ip2region.xdb")) {
      Files.write(xdb, in.readAllBytes());
    }
    EngineSettings s = settings("leadrouter.intake { industries { \"医疗器械\" = [\"医械\"] }, ip-database = \""
        + xdb.toString().replace("\\", "/") + "\" }");

    var clean = s.clean(lead("医械行业", "114.114.114.114"));

    assertEquals("医疗器械", clean.industry());
    assertEquals("江苏省", clean.region().province());
    assertEquals(List.of("REGION_FROM_IP"), clean.flags());
  }

  @Test
  void anIpDatabaseThatCannotBeReadStopsTheStartNamingTheSetting(@TempDir Path dir) throws Exception {
    Path notADatabase = Files.writeString(dir.resolve("x.xdb"), "nope");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings("leadrouter.intake.ip-database = \"" + notADatabase.toString().replace("\\", "/") + "\""));
    assertTrue(e.getMessage().contains("leadrouter.intake.ip-database"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> settings("leadrouter.intake.ip-database = \"/no/such/file.xdb\""));
  }
}
