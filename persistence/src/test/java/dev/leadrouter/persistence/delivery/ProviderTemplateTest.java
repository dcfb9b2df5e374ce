package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.persistence.delivery.ProviderTemplate.Encoding;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderTemplateTest {

  private static final Map<String, String> VALUES = Map.of("recipient.mobile", "+8613800138000",
      "text", "跟进提醒：\"王\" & co\n下一行", "idempotencyKey", "L-1:4:rep-1:sms");

  @Test
  void jsonValuesAreEscaped() {
    ProviderTemplate t = new ProviderTemplate("{\"to\":\"${recipient.mobile}\",\"text\":\"${text}\",\"id\":\"${idempotencyKey}\"}");
    assertEquals("{\"to\":\"+8613800138000\",\"text\":\"跟进提醒：\\\"王\\\" & co\\n下一行\",\"id\":\"L-1:4:rep-1:sms\"}",
        t.fill(VALUES, Encoding.JSON));
  }

  @Test
  void formValuesAreUrlEncoded() {
    ProviderTemplate t = new ProviderTemplate("to=${recipient.mobile}&msg=${text}");
    assertEquals("to=%2B8613800138000&msg=%E8%B7%9F%E8%BF%9B%E6%8F%90%E9%86%92%EF%BC%9A%22%E7%8E%8B%22+%26+co%0A"
        + "%E4%B8%8B%E4%B8%80%E8%A1%8C", t.fill(VALUES, Encoding.FORM));
  }

  @Test
  void otherValuesAreInsertedAsTheyAreAndMissingOnesAreEmpty() {
    ProviderTemplate t = new ProviderTemplate("${recipient.mobile}|${at}|$text|${idempotencyKey}$");
    assertEquals("+8613800138000||$text|L-1:4:rep-1:sms$", t.fill(VALUES, Encoding.RAW));
    assertEquals(Set.of("recipient.mobile", "at", "idempotencyKey"), t.placeholders());
  }

  @Test
  void replacementCharactersInValuesStayLiteral() {
    assertEquals("a$1\\b", new ProviderTemplate("${text}").fill(Map.of("text", "a$1\\b"), Encoding.RAW));
  }

  @Test
  void anUnknownPlaceholderIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ProviderTemplate("{\"to\":\"${recipient.phone}\"}"));
    assertTrue(e.getMessage().startsWith("unknown placeholder ${recipient.phone} (known: [recipient.id,"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ProviderTemplate("${}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      application/json                                  | JSON
      Application/JSON; charset=utf-8                   | JSON
      application/vnd.provider+json                     | JSON
      application/x-www-form-urlencoded                 | FORM
      application/x-www-form-urlencoded; charset=UTF-8  | FORM
      text/plain                                        | RAW
      application/xml                                   | RAW
      """)
  void theContentTypeChoosesTheEscaping(String contentType, Encoding expected) {
    assertEquals(expected, Encoding.of(contentType));
  }
}
