package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneCleanerTest {

  private static List<String> list(String spaced) {
    return spaced == null ? List.of() : Arrays.asList(spaced.split(" "));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} {2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                         | numbers (E.164, in order)          | flags
      13800138000                          | +8613800138000                     | -
      １３８００１３８０００                 | +8613800138000                     | -
      '  138 0013 8000  '                  | +8613800138000                     | -
      138-0013-8000                        | +8613800138000                     | -
      138.0013.8000                        | +8613800138000                     | -
      (138)0013 8000                       | +8613800138000                     | -
      +86 138 0013 8000                    | +8613800138000                     | -
      ＋８６　１３８－００１３－８０００       | +8613800138000                     | -
      (+86) 13800138000                    | +8613800138000                     | -
      86 13800138000                       | +8613800138000                     | -
      8613800138000                        | +8613800138000                     | -
      0086-13800138000                     | +8613800138000                     | -
      +86 0138 0013 8000                   | +8613800138000                     | -
      086 13800138000                      | +8613800138000                     | -
      08613800138000                       | +8613800138000                     | -
      021-6123 4567                        | +862161234567                      | -
      (0755)8888 9999                      | +8675588889999                     | -
      0755 8888 9999                       | +8675588889999                     | -
      +86 (0)21 6123 4567                  | +862161234567                      | -
      0086 21 6123 4567                    | +862161234567                      | -
      0931-8888888                         | +869318888888                      | -
      手机：13800138000                      | +8613800138000                     | -
      Tel: 021-61234567                    | +862161234567                      | -
      021-61234567转123                    | +862161234567                      | PHONE_EXTENSION
      021-6123 4567 转 123                 | +862161234567                      | PHONE_EXTENSION
      021-61234567-分机12                   | +862161234567                      | PHONE_EXTENSION
      021-61234567 分机号：8012              | +862161234567                      | PHONE_EXTENSION
      13800138000 ext. 12                  | +8613800138000                     | PHONE_EXTENSION
      13800138000 Ext 12                   | +8613800138000                     | PHONE_EXTENSION
      13800138000x12                       | +8613800138000                     | PHONE_EXTENSION
      0571-88888888#123                    | +8657188888888                     | PHONE_EXTENSION
      0755-8888 9999-8012                  | +8675588889999                     | PHONE_EXTENSION
      13800138000/13900139000              | +8613800138000 +8613900139000      | -
      13800138000，13900139000              | +8613800138000 +8613900139000      | -
      '13800138000,13900139000'            | +8613800138000 +8613900139000      | -
      13800138000、13900139000              | +8613800138000 +8613900139000      | -
      13800138000;13900139000              | +8613800138000 +8613900139000      | -
      13800138000；13900139000              | +8613800138000 +8613900139000      | -
      13800138000或13900139000              | +8613800138000 +8613900139000      | -
      13800138000 13900139000              | +8613800138000 +8613900139000      | -
      13800138000 - 13900139000            | +8613800138000 +8613900139000      | -
      138 0013 8000 139 0013 9000          | +8613800138000 +8613900139000      | -
      13900139000 / 021-6123 4567转8       | +8613900139000 +862161234567       | PHONE_EXTENSION
      手机13800138000 座机021-61234567        | +8613800138000 +862161234567       | -
      13800138000 / 13800138000            | +8613800138000                     | -
      +852 9123 4567                       | +85291234567                       | -
      (852) 9123-4567                      | +85291234567                       | -
      85291234567                          | +85291234567                       | -
      00852 9123 4567                      | +85291234567                       | -
      香港 9123 4567                        | +85291234567                       | -
      +853 6612 3456                       | +85366123456                       | -
      +886 912 345 678                     | +886912345678                      | -
      +886 0912 345 678                    | +886912345678                      | -
      886912345678                         | +886912345678                      | -
      台湾 0912-345-678                     | +886912345678                      | -
      +1 415-555-2671                      | +14155552671                       | -
      001 617 555 0100                     | +16175550100                       | -
      US (617) 555-0100                    | +16175550100                       | -
      美国 (617) 555-0100 / 13800138000     | +16175550100 +8613800138000        | -
      138****5678                          | -                                  | PHONE_MASKED
      138xxxx5678                          | -                                  | PHONE_MASKED
      138XXXX5678                          | -                                  | PHONE_MASKED
      138××××5678                          | -                                  | PHONE_MASKED
      138-XX-5678                          | -                                  | PHONE_MASKED
      138 **** 5678                        | -                                  | PHONE_MASKED
      １３８＊＊＊＊５６７８                   | -                                  | PHONE_MASKED
      13800138000 / 138****5678            | +8613800138000                     | PHONE_MASKED
      13800138000 138****5678              | +8613800138000                     | PHONE_MASKED
      12345                                | -                                  | PHONE_INVALID
      phone                                | -                                  | PHONE_INVALID
      1380013800                           | -                                  | PHONE_INVALID
      138001380001                         | -                                  | PHONE_INVALID
      +86 999 9999 9999                    | -                                  | PHONE_INVALID
      (617) 555-0100                       | -                                  | PHONE_INVALID
      0912 345 678                         | -                                  | PHONE_INVALID
      6123 4567                            | -                                  | PHONE_INVALID
      13800138000 / 12345                  | +8613800138000                     | PHONE_INVALID
      分机12                                | -                                  | PHONE_INVALID PHONE_EXTENSION
      138****5678 / 12345                  | -                                  | PHONE_MASKED PHONE_INVALID
      """)
  void aPhoneFieldBecomesItsNumbersAndFlags(String raw, String numbers, String flags) {
    PhoneCleaner.Phones phones = PhoneCleaner.clean(raw);

    assertEquals(list(numbers), phones.numbers());
    assertEquals(list(flags), phones.flags());
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                              | number=extension, in order
      021-61234567转123                         | +862161234567=123
      021-6123 4567 转 123                      | +862161234567=123
      021-61234567 分机号：8012                  | +862161234567=8012
      13800138000 ext. 12                       | +8613800138000=12
      0571-88888888#123                         | +8657188888888=123
      0755-8888 9999-8012                       | +8675588889999=8012
      13900139000 / 021-6123 4567转8            | +862161234567=8
      021-61234567转8 / 0755-88889999转9        | +862161234567=8 +8675588889999=9
      021-61234567转8 / 13900139000             | +862161234567=8
      分机12 13800138000                         | -
      13800138000                               | -
      """)
  void anExtensionIsKeptApartWithTheNumberWrittenBeforeIt(String raw, String expected) {
    Map<String, String> extensions = new java.util.LinkedHashMap<>();
    for (String pair : list(expected)) extensions.put(pair.split("=")[0], pair.split("=")[1]);

    assertEquals(extensions, PhoneCleaner.clean(raw).extensions());
  }

  @Test
  void noTextIsNoNumberAndNoFlag() {
    assertEquals(PhoneCleaner.Phones.NONE, PhoneCleaner.clean(null));
    assertEquals(PhoneCleaner.Phones.NONE, PhoneCleaner.clean("   "));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      +1 415-555-2671              | +14155552671
      １３８ ００１３ ８０００          | +8613800138000
      +86 0138 0013 8000           | +8613800138000
      021-61234567转123            | +862161234567
      13800138000/13900139000      | -
      138****5678                  | -
      1380013800                   | -
      -                            | -
      """)
  void e164IsTheOneNumberATextHolds(String raw, String e164) {
    assertEquals(Optional.ofNullable(e164), PhoneCleaner.e164(raw));
    assertEquals(Optional.ofNullable(e164), LeadCleaner.e164(raw));
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String raw : FuzzStrings.generate(20261124L)) {
      PhoneCleaner.Phones phones = assertDoesNotThrow(() -> PhoneCleaner.clean(raw), () -> describe(raw));
      assertDoesNotThrow(() -> PhoneCleaner.e164(raw), () -> describe(raw));
      for (String number : phones.numbers()) {
        assertTrue(number.matches("\\+[1-9]\\d{6,14}"), () -> number + " from " + describe(raw));
      }
      assertEquals(phones.numbers().stream().distinct().toList(), phones.numbers(), () -> describe(raw));
      assertTrue(phones.flags().stream().allMatch(f -> f.startsWith("PHONE_")), () -> describe(raw));
    }
  }

  static String describe(String raw) {
    if (raw == null) return "null";
    String head = raw.length() > 80 ? raw.substring(0, 80) + "… (" + raw.length() + " chars)" : raw;
    return "'" + head.codePoints().mapToObj(cp -> cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF)
        ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))).reduce("", String::concat) + "'";
  }
}
