package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameCleanerTest {

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} / {2} / {3} / {4}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                 | name             | honorific | role   | tags (; between)
      张三                          | 张三              | -         | -      | -
      ' 张三 '                      | 张三              | -         | -      | -
      王工                          | 王                | -         | 工     | -
      王总                          | 王                | -         | 总     | -
      王总监                        | 王                | -         | 总监   | -
      王总经理                      | 王                | -         | 总经理 | -
      王工程师                      | 王                | -         | 工程师 | -
      张伟老师                      | 张伟              | -         | 老师   | -
      李主任                        | 李                | -         | 主任   | -
      刘校长                        | 刘                | -         | 校长   | -
      陈老板                        | 陈                | -         | 老板   | -
      赵局                          | 赵                | -         | 局     | -
      王小明家长                    | 王小明            | -         | 家长   | -
      李志工                        | 李志工            | -         | -      | -
      李女士                        | 李                | 女士      | -      | -
      周先生                        | 周                | 先生      | -      | -
      王小明先生                    | 王小明            | 先生      | -      | -
      陈小姐                        | 陈                | 小姐      | -      | -
      黄太太                        | 黄                | 太太      | -      | -
      欧阳老师                      | 欧阳              | -         | 老师   | -
      欧阳总                        | 欧阳              | -         | 总     | -
      司马工                        | 司马              | -         | 工     | -
      诸葛亮                        | 诸葛亮            | -         | -      | -
      上官婉儿                      | 上官婉儿          | -         | -      | -
      张老师/高三数学               | 张                | -         | 老师   | 高三数学
      张老师-高三数学               | 张                | -         | 老师   | 高三数学
      张老师 / 高三 / 数学          | 张                | -         | 老师   | 高三;数学
      李娜（经理）                   | 李娜              | -         | 经理   | -
      李娜 (Manager)                | 李娜              | -         | Manager | -
      王工（经理）                   | 王                | -         | 工     | 经理
      王小明 (Xiaoming Wang)        | 王小明            | -         | -      | Xiaoming Wang
      王小明 Xiaoming Wang          | 王小明            | -         | -      | Xiaoming Wang
      (王小明)                      | 王小明            | -         | -      | -
      😀王小明😀                     | 王小明            | -         | -      | -
      王小明👍🏽                      | 王小明            | -         | -      | -
      王　小明                       | 王小明            | -         | -      | -
      王 小明                       | 王小明            | -         | -      | -
      买买提·艾力                    | 买买提·艾力        | -         | -      | -
      老师                          | -                 | -         | 老师   | -
      先生                          | -                 | 先生      | -      | -
      Mr. Wang                      | Wang              | Mr.       | -      | -
      mr wang                       | wang              | Mr.       | -      | -
      Mrs Chen                      | Chen              | Mrs.      | -      | -
      Ms. Li                        | Li                | Ms.       | -      | -
      Dr. Li Wei                    | Li Wei            | Dr.       | -      | -
      Prof. Zhang                   | Zhang             | Prof.     | -      | -
      Ms.                           | -                 | Ms.       | -      | -
      John  Smith                   | John Smith        | -         | -      | -
      Jean-Luc Picard               | Jean-Luc Picard   | -         | -      | -
      Drew Barrymore                | Drew Barrymore    | -         | -      | -
      Tony 王                       | Tony 王           | -         | -      | -
      👨‍👩‍👧                          | -                 | -         | -      | -
      """)
  void aNameFieldIsParsed(String raw, String name, String honorific, String role, String tags) {
    List<String> expectedTags = tags == null ? List.of() : Arrays.asList(tags.split(";"));

    assertEquals(new NameCleaner.ParsedName(name, honorific, role, expectedTags), NameCleaner.parse(raw));
  }

  @Test
  void aTitleWithoutANameIsTitleOnly() {
    assertTrue(NameCleaner.parse("老师").titleOnly());
    assertTrue(NameCleaner.parse("先生").titleOnly());
    assertFalse(NameCleaner.parse("王老师").titleOnly());
    assertFalse(NameCleaner.parse("😀").titleOnly());
  }

  @Test
  void noTextIsNoName() {
    assertEquals(NameCleaner.ParsedName.NONE, NameCleaner.parse(null));
    assertEquals(NameCleaner.ParsedName.NONE, NameCleaner.parse(" "));
  }

  @ParameterizedTest(name = "[{index}] {0} + {1} → {2}")
  @CsvSource(nullValues = "-", value = {
      // family, given,  name
      "张,       三,      张三",
      "欧阳,     娜娜,    欧阳娜娜",
      "' 张 ',   ' 三 ',  张三",
      "Chen,     Emily,   Emily Chen",
      "张,       San,     San 张",
      "Li,       -,       Li",
      "-,        三,      三",
      "'  ',     -,       -",
  })
  void familyAndGivenNamesAreJoinedInTheirOwnOrder(String family, String given, String name) {
    assertEquals(name, NameCleaner.join(family, given));
  }

  @Test
  void neverThrowsOnRandomAndAdversarialText() {
    for (String raw : FuzzStrings.generate(20261126L)) {
      NameCleaner.ParsedName parsed = assertDoesNotThrow(() -> NameCleaner.parse(raw), () -> PhoneCleanerTest.describe(raw));
      String name = parsed.name();
      if (name == null) continue;
      assertFalse(name.isBlank(), () -> PhoneCleanerTest.describe(raw));
      assertEquals(name.strip(), name, () -> PhoneCleanerTest.describe(raw));
      assertTrue(name.codePoints().noneMatch(cp -> Character.getType(cp) == Character.OTHER_SYMBOL
          || Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.SURROGATE
          || Character.getType(cp) == Character.FORMAT), () -> name + " from " + PhoneCleanerTest.describe(raw));
    }
  }
}
