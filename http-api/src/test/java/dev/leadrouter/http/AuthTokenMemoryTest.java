package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verified tokens are remembered, never past their expiry, and a bad one is never remembered as good. */
class AuthTokenMemoryTest {

  private final Auth auth = Auth.fromConfig(ConfigFactory.parseString(
      "leadrouter.auth.jwt-secret = \"memory-test-secret-memory-test-secret-0123\"\nleadrouter.data-dir = \"./data\""),
      Clock.systemUTC());

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
    // Expired 29 s ago: the verifier's 30 s leeway keeps it valid for one more second.
    String token = "Bearer " + auth.issue("rep-1", "rep", Duration.ofSeconds(-29));
    assertEquals(Optional.of(new Auth.Principal("rep-1", "rep")), auth.verify(token));
    assertEquals(Optional.of(new Auth.Principal("rep-1", "rep")), auth.verify(token), "remembered");
    Thread.sleep(1_500);
    assertTrue(auth.verify(token).isEmpty(), "past its expiry and leeway");
  }

  @Test
  void aTamperedTokenIsRefusedEvenWhenTheGenuineOneIsRemembered() {
    String token = auth.issue("rep-1", "rep", Duration.ofHours(1));
    assertTrue(auth.verify("Bearer " + token).isPresent());
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertTrue(auth.verify("Bearer " + tampered).isEmpty());
    assertTrue(auth.verify("Bearer " + tampered).isEmpty(), "a refusal is not remembered as a principal");
  }
}
