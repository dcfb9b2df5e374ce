package dev.leadrouter.engine.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.dedup.ClaimBook.ContactRow;
import dev.leadrouter.engine.dedup.ClaimBook.IntakeRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimBookTest {

  private static final long HOUR = 3_600_000L;
  private static final long WINDOW = 72 * HOUR;
  private static final String PHONE = KeyClaims.phoneKey("+8613800138000");
  private static final String EMAIL = KeyClaims.emailKey("A@B.cn");

  private static KeyClaims.Request delivery(String proposed, String idem, String source, List<String> contacts) {
    return delivery(proposed, "hash-1", idem, source, contacts);
  }

  private static KeyClaims.Request delivery(String proposed, String hash, String idem, String source, List<String> contacts) {
    return new KeyClaims.Request(proposed, hash, idem, source, contacts, WINDOW);
  }

  private static ClaimBook empty() {
    return new ClaimBook(Map.of(), Map.of());
  }

  @Test
  void aNewDeliveryClaimsEveryKeyForItsProposedLead() {
    ClaimBook book = empty();
    String idem = KeyClaims.idempotencyKey("caller", "k-1");
    String source = KeyClaims.sourceKey("form", "ev-1");
    assertEquals(new KeyClaims.Result("lead-1", "lead-1", null),
        book.apply(delivery("lead-1", idem, source, List.of(PHONE, EMAIL)), 1000));
    assertEquals(Map.of(idem, new IntakeRow("lead-1", "hash-1"), source, new IntakeRow("lead-1", "hash-1")), book.changedIntake());
    assertEquals(Map.of(PHONE, new ContactRow("lead-1", 1000), EMAIL, new ContactRow("lead-1", 1000)), book.changedContacts());
  }

  @Test
  void keysKeepTheirPartsApart() {
    assertTrue(!KeyClaims.sourceKey("a", "b:c").equals(KeyClaims.sourceKey("a:b", "c")));
    assertEquals("src:a%3Ab:c%25", KeyClaims.sourceKey("a:b", "c%"));
    assertEquals("email:a@b.cn", EMAIL);
  }

  @Test
  void aReusedIdempotencyKeyWithTheSameBodyIsTheFirstLeadAndWithAnotherBodyClaimsNothing() {
    String idem = KeyClaims.idempotencyKey("caller", "k-1");
    ClaimBook book = new ClaimBook(Map.of(idem, new IntakeRow("lead-1", "hash-1")), Map.of());
    assertEquals(new KeyClaims.Result("lead-1", "lead-1", null), book.apply(delivery("lead-2", idem, null, List.of()), 5));
    assertTrue(book.changedIntake().isEmpty());

    KeyClaims.Result reused = book.apply(delivery("lead-3", "hash-2", idem, KeyClaims.sourceKey("form", "ev-9"), List.of(PHONE)), 6);
    assertTrue(reused.isKeyReused());
    assertTrue(book.changedIntake().isEmpty(), "nothing claimed: " + book.changedIntake());
    assertTrue(book.changedContacts().isEmpty(), "nothing claimed: " + book.changedContacts());
  }

  @Test
  void theSourceEventDecidesWhichLeadADeliveryIsWhateverHeadersCameWithIt() {
    String source = KeyClaims.sourceKey("form", "ev-1");
    ClaimBook book = new ClaimBook(Map.of(source, new IntakeRow("lead-1", "hash-1")), Map.of());
    String idem = KeyClaims.idempotencyKey("caller", "fresh");
    assertEquals(new KeyClaims.Result("lead-1", "lead-1", null), book.apply(delivery("lead-2", idem, source, List.of()), 5));
    assertEquals(Map.of(idem, new IntakeRow("lead-2", "hash-1")), book.changedIntake(),
        "the new Idempotency-Key is claimed for the proposed lead; the source event overrules it");
  }

  @Test
  void aContactHeldByAnotherLeadWithinTheWindowTakesTheDeliveryAndItsOtherKeys() {
    ClaimBook book = new ClaimBook(Map.of(), Map.of(EMAIL, new ContactRow("lead-old", 0)));
    assertEquals(new KeyClaims.Result("lead-new", "lead-old", null),
        book.apply(delivery("lead-new", null, null, List.of(PHONE, EMAIL)), 10 * HOUR));
    assertEquals(Map.of(PHONE, new ContactRow("lead-old", 10 * HOUR)), book.changedContacts(),
        "the phone goes to the lead the e-mail belongs to; the e-mail's own window is not refreshed by another lead");
  }

  @Test
  void afterTheWindowTheKeyGoesToTheNewLeadWhichLearnsTheContactsEarlierLead() {
    ClaimBook book = new ClaimBook(Map.of(), Map.of(PHONE, new ContactRow("lead-1", 0)));
    assertEquals(new KeyClaims.Result("lead-2", "lead-2", "lead-1"),
        book.apply(delivery("lead-2", null, null, List.of(PHONE)), WINDOW));
    assertEquals(new KeyClaims.Result("lead-2", "lead-2", null),
        book.apply(delivery("lead-2", null, null, List.of(PHONE)), WINDOW + 1), "its own key now");
  }

  @Test
  void theOwnersOwnClaimRefreshesTheWindow() {
    ClaimBook book = empty();
    book.apply(delivery("lead-1", null, null, List.of(PHONE)), 0);
    book.apply(delivery("lead-1", null, null, List.of(PHONE)), 70 * HOUR);
    assertEquals("lead-1", book.apply(delivery("lead-2", null, null, List.of(PHONE)), 140 * HOUR).owner(),
        "140 h after the first claim but 70 h after the last");
  }

  @Test
  void laterDeliveriesOfABatchSeeTheClaimsOfEarlierOnes() {
    ClaimBook book = empty();
    String source = KeyClaims.sourceKey("form", "ev-1");
    assertEquals("lead-1", book.apply(delivery("lead-1", null, source, List.of(PHONE)), 1).leadId());
    assertEquals(new KeyClaims.Result("lead-1", "lead-1", null), book.apply(delivery("lead-2", null, source, List.of(PHONE)), 2),
        "the same source event again: the first lead");
    assertEquals(new KeyClaims.Result("lead-3", "lead-1", null), book.apply(delivery("lead-3", null, null, List.of(EMAIL, PHONE)), 3),
        "the same person without keys: merged into the first lead, and its e-mail given to it");
    assertEquals(Map.of(PHONE, new ContactRow("lead-1", 2), EMAIL, new ContactRow("lead-1", 3)), book.changedContacts());
  }

  @Test
  void theFirstContactHeldByAnotherLeadDecidesEvenWhenALaterOneBelongsToAThird() {
    ClaimBook book = new ClaimBook(Map.of(),
        Map.of(PHONE, new ContactRow("lead-a", 0), EMAIL, new ContactRow("lead-b", 0)));
    assertEquals("lead-a", book.apply(delivery("lead-new", null, null, List.of(PHONE, EMAIL)), 1).owner());
    assertEquals(Map.of(EMAIL, new ContactRow("lead-a", 1)), book.changedContacts());
  }
}
