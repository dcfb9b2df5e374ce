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

  /** A verified token's principal and until when it is valid (epoch ms, leeway included; MAX_VALUE: no expiry). */
  private record Verified(Principal principal, long validUntilMillis) {}

  /** At most this many verified tokens are remembered; the memory is dropped whole when it is full. */
  static final int MAX_REMEMBERED = 10_000;
  private static final long LEEWAY_SECONDS = 30;

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  /**
   * Tokens already verified: an integration sends the same token with every request, and each
   * request verified it twice (the rate limit and the route): an HMAC and a JSON parse each time,
   * visible in the CPU profile under load. A token's signature and claims never change, so a
   * verified one stays valid until it expires (the verifier's own clock, the system's).
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
  private final Clock clock;
  private final boolean demoSecret;

  private Auth(String secret, boolean demoSecret, Clock clock) {
    this.algorithm = Algorithm.HMAC256(secret);
    this.verifier = JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(LEEWAY_SECONDS).build();
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
    String token = authorizationHeader.substring(7).trim();
    Verified known = verified.get(token);
    if (known != null) {
      if (System.currentTimeMillis() <= known.validUntilMillis()) return Optional.of(known.principal());
      verified.remove(token);
    }
    try {
      DecodedJWT jwt = verifier.verify(token);
      String role = jwt.getClaim("role").asString();
      if (jwt.getSubject() == null || jwt.getSubject().isBlank() || role == null || !ROLES.contains(role)) {
        return Optional.empty();
      }
      Principal principal = new Principal(jwt.getSubject(), role);
      if (verified.size() >= MAX_REMEMBERED) verified.clear();
      verified.put(token, new Verified(principal, jwt.getExpiresAtAsInstant() == null ? Long.MAX_VALUE
          : jwt.getExpiresAtAsInstant().plusSeconds(LEEWAY_SECONDS).toEpochMilli()));
      return Optional.of(principal);
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
