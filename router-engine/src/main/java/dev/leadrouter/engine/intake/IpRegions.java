package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lionsoul.ip2region.xdb.Searcher;

/**
 * Where a client IP is, from an offline ip2region database ({@code .xdb}, configured as
 * {@code leadrouter.intake.ip-database}; the library reads it, this class only turns its record —
 * {@code 国家|区域|省份|城市|ISP}, {@code 0} for unknown parts — into a {@link RegionInfo}). Mainland
 * addresses resolve their province and city text with {@link RegionResolver}; 香港, 澳门 and 台湾 and
 * other countries are {@link RegionInfo#OUTSIDE_MAINLAND} with the ISO country code. Private,
 * unknown and IPv6 addresses (the xdb format holds IPv4 only) place no one.
 *
 * <p>The whole file is held in memory (about 11 MB), which makes lookups thread-safe and free of I/O.
 */
public final class IpRegions {

  /** No database configured: no IP places anyone. */
  public static final IpRegions NONE = new IpRegions(null);

  /** Chinese country name (as the database writes it) → ISO code, from the JDK's locale data. */
  private static final Map<String, String> COUNTRIES = countries();

  private final Searcher searcher;

  private IpRegions(Searcher searcher) {
    this.searcher = searcher;
  }

  public static IpRegions load(Path xdb) throws IOException {
    return of(Files.readAllBytes(xdb));
  }

  /** The database in {@code xdb}; an IOException when it is not one (the library itself does not check). */
  public static IpRegions of(byte[] xdb) throws IOException {
    // xdb layout: a 256-byte header (version 2, little-endian, first) and a 512 KiB vector index.
    if (xdb.length < 256 + 256 * 256 * 8 || ((xdb[0] & 0xff) | (xdb[1] & 0xff) << 8) != 2) {
      throw new IOException("not an ip2region (xdb version 2) database");
    }
    try {
      Searcher searcher = Searcher.newWithBuffer(xdb);
      searcher.search("1.1.1.1");
      return new IpRegions(searcher);
    } catch (Exception e) {
      throw new IOException("not an ip2region database: " + e.getMessage(), e);
    }
  }

  public Optional<RegionInfo> locate(String ip) {
    if (searcher == null || ip == null || ip.isBlank()) return Optional.empty();
    String record;
    try {
      record = searcher.search(ip.strip());
    } catch (Exception e) {
      return Optional.empty(); // not an IPv4 address
    }
    if (record == null) return Optional.empty();
    String[] parts = record.split("\\|", -1);
    if (parts.length < 4) return Optional.empty();
    String country = known(parts[0]);
    if (country == null) return Optional.empty();
    if (!"中国".equals(country)) {
      return Optional.ofNullable(COUNTRIES.get(country))
          .map(code -> new RegionInfo(RegionInfo.OUTSIDE_MAINLAND, null, null, code));
    }
    String province = known(parts[2]);
    String city = known(parts[3]);
    if (province == null) return Optional.empty();
    return RegionResolver.resolve(province + (city == null ? "" : city));
  }

  private static String known(String part) {
    String p = part.strip();
    return p.isEmpty() || "0".equals(p) ? null : p;
  }

  private static Map<String, String> countries() {
    Map<String, String> out = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      out.putIfAbsent(new Locale("", code).getDisplayCountry(Locale.SIMPLIFIED_CHINESE), code);
    }
    return Map.copyOf(out);
  }
}
