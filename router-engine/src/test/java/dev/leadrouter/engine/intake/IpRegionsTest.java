package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against a real ip2region database (the 2024 xdb shipped in a jar on the test class path). */
class IpRegionsTest {

  private static IpRegions ips;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = IpRegionsTest.class.getResourceAsStream("/ip2region/ip2region.xdb")) {
      ips = IpRegions.of(in.readAllBytes());
    }
  }

  @ParameterizedTest(name = "[{index}] {0} → {1} {2} {3} {4}")
  @CsvSource(nullValues = "-", value = {
      "114.114.114.114, 华东, 江苏省, 南京市, CN",
      "223.5.5.5,       华东, 浙江省, 杭州市, CN",
      "202.96.209.133,  华东, 上海市, 上海市, CN",
      "61.139.2.69,     西南, 四川省, 成都市, CN",
      "' 119.29.29.29 ', 华北, 北京市, 北京市, CN",
      "203.198.7.66,    境外, -, -, HK",
      "202.175.3.3,     境外, -, -, MO",
      "168.95.1.1,      境外, -, -, TW",
      "8.8.8.8,         境外, -, -, US",
      "1.1.1.1,         境外, -, -, AU",
  })
  void anAddressIsPlaced(String ip, String macro, String province, String city, String country) {
    assertEquals(Optional.of(new RegionInfo(macro, province, city, country)), ips.locate(ip));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' places no one")
  @CsvSource(nullValues = "-", value = {"10.0.0.1", "127.0.0.1", "2001:db8::1", "not-an-ip", "999.1.1.1", "''", "-"})
  void privateUnknownAndIpv6AddressesPlaceNoOne(String ip) {
    assertEquals(Optional.empty(), ips.locate(ip));
    assertEquals(Optional.empty(), IpRegions.NONE.locate("114.114.114.114"));
  }

  @Test
  void aFileThatIsNoDatabaseIsRefused() {
    assertThrows(IOException.class, () -> IpRegions.of(new byte[] {1, 2, 3}));
  }

  @Test
  void theIpPlacesALeadOnlyWhenNeitherTheTextNorAPhoneDoes() {
    LeadInput noRegion = new LeadInput("web", "e1", "王工", null, "w@x.cn", null, null, "SaaS", null, "normal",
        LeadInput.Utm.EMPTY, "114.114.114.114", null, Map.of());
    CleanLead byIp = LeadCleaner.clean(noRegion, IndustryTaxonomy.DEFAULT, ips);
    assertEquals(new RegionInfo("华东", "江苏省", "南京市", "CN"), byIp.region());
    assertEquals(List.of(LeadCleaner.REGION_FROM_IP), byIp.flags());

    LeadInput withPhone = new LeadInput("web", "e1", "王工", "0755-8888 9999", null, null, null, "SaaS", null, "normal",
        LeadInput.Utm.EMPTY, "114.114.114.114", null, Map.of());
    assertEquals("广东省", LeadCleaner.clean(withPhone, IndustryTaxonomy.DEFAULT, ips).region().province());

    assertEquals(List.of(LeadCleaner.REGION_MISSING), LeadCleaner.clean(noRegion).flags(), "no database configured");
  }
}
