package dev.leadrouter.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;

/**
 * The browser app's files (classpath {@code app/}), read and fingerprinted once at engine start:
 * every asset listed in {@code app/assets/index.txt} is served as {@code /app/assets/<base>.<hash>.<ext>}
 * (the first 8 hex digits of its SHA-256), and each HTML shell in {@code app/pages/} is rendered with
 * the fingerprinted URLs and an import map that sends every module specifier ({@code /app/assets/api.js},
 * which a relative import {@code ./api.js} resolves to) to its fingerprinted URL. The shells' CSP
 * allows the import map by its hash ({@link Shell#importMapHash}).
 */
public final class Assets {

  public static final String PREFIX = "/app/assets/";

  /** One fingerprinted file. */
  public record Asset(String name, String file, String hash, ContentType type, byte[] bytes) {
    public String url() {
      return PREFIX + file;
    }
  }

  /** An HTML shell, rendered: its bytes and the CSP hash source of its import map. */
  public record Shell(String name, byte[] html, String importMapHash) {}

  /** The HTML shells, by name (file name in {@code app/pages/} without {@code .html}). */
  public static final List<String> PAGES = List.of("signin", "rep", "board", "lead", "reports", "admin", "forbidden");

  private final Map<String, Asset> byName = new LinkedHashMap<>();
  private final Map<String, Asset> byFile = new LinkedHashMap<>();
  private final Map<String, Shell> shells = new LinkedHashMap<>();

  private Assets() {}

  /** Reads and fingerprints every listed asset and renders the shells; fails when one is missing. */
  public static Assets load() {
    Assets assets = new Assets();
    String index = new String(read("app/assets/index.txt"), StandardCharsets.UTF_8);
    for (String line : index.split("\n")) {
      String name = line.trim();
      if (name.isEmpty() || name.startsWith("#")) continue;
      byte[] bytes = read("app/assets/" + name);
      String hash = HexFormat.of().formatHex(sha256(bytes)).substring(0, 8);
      int dot = name.lastIndexOf('.');
      String file = name.substring(0, dot) + "." + hash + name.substring(dot);
      Asset asset = new Asset(name, file, hash, typeOf(name), bytes);
      assets.byName.put(name, asset);
      assets.byFile.put(file, asset);
    }
    String importMap = assets.importMap();
    String mapHash = "'sha256-" + Base64.getEncoder().encodeToString(sha256(importMap.getBytes(StandardCharsets.UTF_8))) + "'";
    // Every shell starts with {{head}}: the one <head> (app/pages/_head.html), loading the page's own module.
    String head = new String(read("app/pages/_head.html"), StandardCharsets.UTF_8);
    for (String page : PAGES) {
      String html = new String(read("app/pages/" + page + ".html"), StandardCharsets.UTF_8)
          .replace("{{head}}\n", head.replace("{{page}}", page))
          .replace("{{importmap}}", "<script type=\"importmap\">" + importMap + "</script>");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{asset:([^}]+)}}").matcher(html);
      StringBuilder out = new StringBuilder();
      while (m.find()) m.appendReplacement(out, assets.url(m.group(1)));
      m.appendTail(out);
      assets.shells.put(page, new Shell(page, out.toString().getBytes(StandardCharsets.UTF_8), mapHash));
    }
    return assets;
  }

  /** The fingerprinted URL of a listed asset. */
  public String url(String name) {
    Asset asset = byName.get(name);
    if (asset == null) throw new IllegalStateException("app/assets/" + name + " is not listed in app/assets/index.txt");
    return asset.url();
  }

  /** The asset served under a fingerprinted file name. */
  public Optional<Asset> byFile(String file) {
    return Optional.ofNullable(byFile.get(file));
  }

  public List<Asset> all() {
    return List.copyOf(byName.values());
  }

  public Shell shell(String page) {
    return shells.get(page);
  }

  /** {@code {"imports":{"/app/assets/api.js":"/app/assets/api.3f2a9c1e.js",…}}} over the modules and catalogues. */
  private String importMap() {
    StringBuilder json = new StringBuilder("{\"imports\":{");
    String sep = "";
    for (Asset a : byName.values()) {
      if (!a.name().endsWith(".js") && !a.name().endsWith(".json")) continue;
      json.append(sep).append('"').append(PREFIX).append(a.name()).append("\":\"").append(a.url()).append('"');
      sep = ",";
    }
    return json.append("}}").toString();
  }

  private static ContentType typeOf(String name) {
    if (name.endsWith(".js")) return ContentTypes.parse("text/javascript; charset=UTF-8");
    if (name.endsWith(".css")) return ContentTypes.parse("text/css; charset=UTF-8");
    if (name.endsWith(".json")) return ContentTypes.APPLICATION_JSON;
    if (name.endsWith(".svg")) return ContentTypes.parse("image/svg+xml");
    throw new IllegalStateException("no content type for app/assets/" + name);
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
