package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailCleanerTest {

  private static List<String> list(String spaced) {
    return spaced == null ? List.of() : Arrays.asList(spaced.split(" "));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} invalid={2}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                              | addresses (in order)        | invalid
      ' A@B.CN '                                | a@b.cn                      | false
      Zhang.San@Example.COM                     | zhang.san@example.com       | false
      ａ@ｂ.ｃｎ                                 | a@b.cn                      | false
      wang＠x．cn                                | wang@x.cn                   | false
      wang@x。cn                                 | wang@x.cn                   | false
      mailto:wang@x.cn                          | wang@x.cn                   | false
      MAILTO:Wang@X.cn?subject=hi               | wang@x.cn                   | false
      王工 <wang@x.cn>                           | wang@x.cn                   | false
      "Wang" <wang@x.cn>                        | wang@x.cn                   | false
      "Wang, Xiao" <Wang@X.cn>                  | wang@x.cn                   | false
      <wang@x.cn>                               | wang@x.cn                   | false
      邮箱：wang@x.cn                             | wang@x.cn                   | false
      Email: wang@x.cn                          | wang@x.cn                   | false
      王工 wang@x.cn                              | wang@x.cn                   | false
      wang@x.cn (work)                          | wang@x.cn                   | false
      wang@x.cn.                                | wang@x.cn                   | false
      'wang@x.cn,'                              | wang@x.cn                   | false
      wang@x.cn;                                | wang@x.cn                   | false
      wang@x.cn。                                | wang@x.cn                   | false
      wang@x.cn，                                | wang@x.cn                   | false
      wang@gmial.com                            | wang@gmial.com              | false
      wang@例子.中国                              | wang@例子.中国                | false
      'wang@x.cn, li@y.cn'                      | wang@x.cn li@y.cn           | false
      wang@x.cn，li@y.cn                         | wang@x.cn li@y.cn           | false
      wang@x.cn；li@y.cn                         | wang@x.cn li@y.cn           | false
      wang@x.cn、li@y.cn                         | wang@x.cn li@y.cn           | false
      wang@x.cn/li@y.cn                         | wang@x.cn li@y.cn           | false
      wang@x.cn 或 li@y.cn                       | wang@x.cn li@y.cn           | false
      wang@x.cn li@y.cn                         | wang@x.cn li@y.cn           | false
      '"Wang, Xiao" <wang@x.cn>, 李 <li@y.cn>'    | wang@x.cn li@y.cn           | false
      'wang@x.cn, WANG@X.CN'                    | wang@x.cn                   | false
      'wang@x.cn; bad@; li@y.cn'                | wang@x.cn li@y.cn           | true
      not-an-email                              | -                           | true
      a@b                                       | -                           | true
      a b@c.cn                                  | -                           | true
      a@@b.cn                                   | -                           | true
      @b.cn                                     | -                           | true
      a..b@x.cn                                 | -                           | true
      .a@x.cn                                   | -                           | true
      wang@-x.cn                                | -                           | true
      wang@x.c                                  | -                           | true
      wang@localhost                            | -                           | true
      用户@例子.中国                              | -                           | true
      王工                                       | -                           | true
      """)
  void anEmailFieldBecomesItsAddresses(String raw, String addresses, boolean invalid) {
    EmailCleaner.Emails emails = EmailCleaner.clean(raw);

    assertEquals(list(addresses), emails.addresses());
    assertEquals(invalid, emails.invalid());
  }

  @Test
  void noTextIsNoAddressAndNotInvalid() {
    assertEquals(EmailCleaner.Emails.NONE, EmailCleaner.clean(null));
    assertEquals(EmailCleaner.Emails.NONE, EmailCleaner.clean(" \u3000 "));
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String raw : FuzzStrings.generate(20261125L)) {
      EmailCleaner.Emails emails = assertDoesNotThrow(() -> EmailCleaner.clean(raw), () -> PhoneCleanerTest.describe(raw));
      for (String address : emails.addresses()) {
        assertTrue(address.length() <= 254 && address.indexOf('@') > 0 && address.equals(address.toLowerCase(java.util.Locale.ROOT))
            && address.chars().noneMatch(Character::isWhitespace), () -> address + " from " + PhoneCleanerTest.describe(raw));
        assertEquals(List.of(address), EmailCleaner.clean(address).addresses(), "a clean address stays as it is");
      }
    }
  }
}
