package dev.leadrouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ColumnTextTest {

  private static final String GRIN = "\uD83D\uDE00"; // one code point, two UTF-16 units

  @Test
  void textThatFitsIsKeptAsItIs() {
    assertEquals("李娜女士", ColumnText.fit("李娜女士", 4));
    assertEquals("", ColumnText.fit("", 3));
    assertNull(ColumnText.fit(null, 3));
  }

  @Test
  void longerTextIsCutToTheWidth() {
    assertEquals("上海电气", ColumnText.fit("上海电气集团股份有限公司", 4));
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    assertEquals("ab", ColumnText.fit("ab" + GRIN, 3), "the pair would need units 3 and 4");
    assertEquals("ab" + GRIN, ColumnText.fit("ab" + GRIN + "c", 4));
    assertEquals("", ColumnText.fit(GRIN, 1));
  }

  @Test
  void nulCharactersAreDroppedBeforeCounting() {
    assertEquals("abc", ColumnText.fit("a\u0000b\u0000c", 3));
  }

  @Test
  void anUnpairedSurrogateBecomesTheReplacementCharacter() {
    assertEquals("a\uFFFDb", ColumnText.fit("a\uD83Db", 10));
    assertEquals("a\uFFFD", ColumnText.fit("a\uDE00", 10));
  }
}
