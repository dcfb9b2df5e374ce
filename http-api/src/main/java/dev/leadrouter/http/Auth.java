package dev.leadrouter.http;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens: HS256 JWTs with {@code sub} (person or source id) and {@code role}. The secret is
 * {@code leadrouter.auth.jwt-secret}; when empty (demo mode) one is generated once and kept in the
 * data directory, so tokens printed at the first start still work after a restart.
 */
public final class Auth {

  public static final Set<String> ROLES = Set.of("admin", "director", "manager", "rep", "source");
  private static final String ISSUER = "leadrouter";

  /** Who is calling. */
  public record Principal(String subject, String role) {
    public boolean is(String... roles) {
      for (String r : roles) if (r.equals(role)) return true;
      return false;
    }
  }

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final Clock clock;
  private final boolean demoSecret;

  private Auth(String secret, boolean demoSecret, Clock clock) {
    this.algorithm = Algorithm.HMAC256(secret);
    this.verifier = JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(30).build();
    this.clock = clock;
    this.demoSecret = demoSecret;
  }

  public static Auth fromConfig(Config config, Clock clock) {
    String secret = config.getString("leadrouter.auth.jwt-secret");
    if (!secret.isBlank()) {
      if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("leadrouter.auth.jwt-secret must be at least 32 bytes");
      }
      return new Auth(secret, false, clock);
    }
    return new Auth(demoSecret(Path.of(config.getString("leadrouter.data-dir"))), true, clock);
  }

  /** True when the secret was generated into the data directory (demo mode). */
  public boolean demoMode() {
    return demoSecret;
  }

  public String issue(String subject, String role, Duration ttl) {
    if (!ROLES.contains(role)) throw new IllegalArgumentException("unknown role '" + role + "', use one of " + ROLES);
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(subject)
        .withClaim("role", role)
        .withIssuedAt(clock.instant())
        .withExpiresAt(clock.instant().plus(ttl))
        .sign(algorithm);
  }

  /** The principal of an {@code Authorization} header value, or empty when missing or invalid. */
  public Optional<Principal> verify(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    try {
      DecodedJWT jwt = verifier.verify(authorizationHeader.substring(7).trim());
      String role = jwt.getClaim("role").asString();
      if (jwt.getSubject() == null || jwt.getSubject().isBlank() || role == null || !ROLES.contains(role)) {
        return Optional.empty();
      }
      return Optional.of(new Principal(jwt.getSubject(), role));
    } catch (JWTVerificationException e) {
      return Optional.empty();
    }
  }

  private static String demoSecret(Path dataDir) {
    Path file = dataDir.resolve("jwt-secret");
    try {
      if (Files.exists(file)) return Files.readString(file, StandardCharsets.US_ASCII).trim();
      Files.createDirectories(dataDir);
      byte[] bytes = new byte[48];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Path tmp = Files.createTempFile(dataDir, "jwt-secret", ".tmp");
      Files.writeString(tmp, secret, StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the data directory's own permissions apply
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the demo JWT secret in " + dataDir, e);
    }
  }
}
