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

  /**
   * A verified token's principal, its kind ({@code typ} claim: {@link #SESSION}, {@link #LOGIN_LINK},
   * null for an API token) and until when it is valid (epoch ms, leeway included; MAX_VALUE: no expiry).
   */
  private record Verified(Principal principal, String typ, long validUntilMillis) {}

  /** The {@code typ} of a browser session's token (the {@code lr_session} cookie). */
  static final String SESSION = "session";
  /** The {@code typ} of a login link's token: good for one sign-in, never as a bearer token. */
  static final String LOGIN_LINK = "login";
  private static final String TYP = "typ";

  /** A login link's token, its id (single use) and when it expires. */
  public record LoginLink(String token, String id, java.time.Instant expiresAt) {}

  /** What a login link's token says: a person to sign in, or why not ({@code invalid-token}, {@code expired}). */
  public record LinkCheck(Optional<Principal> principal, String id, java.time.Instant expiresAt, String error) {
    static LinkCheck failed(String error) {
      return new LinkCheck(Optional.empty(), null, null, error);
    }
  }

  /** At most this many verified tokens are remembered; the memory is dropped whole when it is full. */
  static final int MAX_REMEMBERED = 10_000;
  private static final long LEEWAY_SECONDS = 30;

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  /** The key of CSRF tokens, derived from the JWT secret so every node of a cluster agrees. */
  private final javax.crypto.spec.SecretKeySpec csrfKey;
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
    this.csrfKey = new javax.crypto.spec.SecretKeySpec(("csrf:" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
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

  /** A browser session's token for {@code principal}, valid until {@code expiresAt}. */
  public String issueSession(Principal principal, java.time.Instant expiresAt) {
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(principal.subject())
        .withClaim("role", principal.role())
        .withClaim(TYP, SESSION)
        .withIssuedAt(clock.instant())
        .withExpiresAt(expiresAt)
        .sign(algorithm);
  }

  /** A login link's token for a person of {@code role}: one sign-in within {@code ttl}. */
  public LoginLink issueLoginLink(String personId, String role, Duration ttl) {
    String id = java.util.UUID.randomUUID().toString();
    java.time.Instant expiresAt = clock.instant().plus(ttl);
    String token = JWT.create()
        .withIssuer(ISSUER)
        .withSubject(personId)
        .withClaim("role", role)
        .withClaim(TYP, LOGIN_LINK)
        .withJWTId(id)
        .withIssuedAt(clock.instant())
        .withExpiresAt(expiresAt)
        .sign(algorithm);
    return new LoginLink(token, id, expiresAt);
  }

  /**
   * The principal of an {@code Authorization} header value, or empty when missing or invalid. A
   * login link's token is not a bearer token.
   */
  public Optional<Principal> verify(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return verified(authorizationHeader.substring(7).trim())
        .filter(v -> !LOGIN_LINK.equals(v.typ())).map(Verified::principal);
  }

  /** The principal of a session cookie's value: only a session token counts. */
  public Optional<Principal> verifySession(String cookieValue) {
    if (cookieValue == null) return Optional.empty();
    return verified(cookieValue.trim()).filter(v -> SESSION.equals(v.typ())).map(Verified::principal);
  }

  /**
   * A token pasted into the sign-in page or carried by a login link: a login link's token or an
   * API token (never a session's: that one lives in an HttpOnly cookie).
   */
  public LinkCheck verifyForSignIn(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) return LinkCheck.failed("invalid-token");
    try {
      DecodedJWT jwt = verifier.verify(token.trim());
      Optional<Verified> v = verified(token.trim());
      if (v.isEmpty() || SESSION.equals(v.get().typ())) return LinkCheck.failed("invalid-token");
      java.time.Instant expires = jwt.getExpiresAtAsInstant();
      return new LinkCheck(Optional.of(v.get().principal()), LOGIN_LINK.equals(v.get().typ()) ? jwt.getId() : null,
          expires, null);
    } catch (com.auth0.jwt.exceptions.TokenExpiredException e) {
      return LinkCheck.failed("expired");
    } catch (JWTVerificationException e) {
      return LinkCheck.failed("invalid-token");
    }
  }

  /**
   * The CSRF token that goes with a session token: an HMAC of it, so any node can check a
   * request's {@code X-CSRF-Token} without shared state, and a page script can read it from the
   * {@code lr_csrf} cookie while the session itself stays HttpOnly.
   */
  public String csrfFor(String sessionToken) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(csrfKey);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sessionToken.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Whether {@code presented} is the CSRF token of {@code sessionToken} (compared in constant time). */
  public boolean csrfMatches(String sessionToken, String presented) {
    if (presented == null) return false;
    return java.security.MessageDigest.isEqual(csrfFor(sessionToken).getBytes(StandardCharsets.US_ASCII),
        presented.trim().getBytes(StandardCharsets.US_ASCII));
  }

  private Optional<Verified> verified(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (System.currentTimeMillis() <= known.validUntilMillis()) return Optional.of(known);
      verified.remove(token);
    }
    try {
      DecodedJWT jwt = verifier.verify(token);
      String role = jwt.getClaim("role").asString();
      if (jwt.getSubject() == null || jwt.getSubject().isBlank() || role == null || !ROLES.contains(role)) {
        return Optional.empty();
      }
      Verified v = new Verified(new Principal(jwt.getSubject(), role), jwt.getClaim(TYP).asString(),
          jwt.getExpiresAtAsInstant() == null ? Long.MAX_VALUE
              : jwt.getExpiresAtAsInstant().plusSeconds(LEEWAY_SECONDS).toEpochMilli());
      if (verified.size() >= MAX_REMEMBERED) verified.clear();
      verified.put(token, v);
      return Optional.of(v);
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
