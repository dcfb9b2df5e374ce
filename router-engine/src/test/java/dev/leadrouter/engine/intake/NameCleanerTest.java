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
      # written as                 | name             | honorific | role   | tags (; between) | alias | student
      张三                          | 张三              | -         | -      | - | -     | -
      ' 张三 '                      | 张三              | -         | -      | - | -     | -
      王工                          | 王                | -         | 工     | - | -     | -
      王总                          | 王                | -         | 总     | - | -     | -
      王总监                        | 王                | -         | 总监   | - | -     | -
      王总经理                      | 王                | -         | 总经理 | - | -     | -
      王工程师                      | 王                | -         | 工程师 | - | -     | -
      张伟老师                      | 张伟              | -         | 老师   | - | -     | -
      李主任                        | 李                | -         | 主任   | - | -     | -
      刘校长                        | 刘                | -         | 校长   | - | -     | -
      陈老板                        | 陈                | -         | 老板   | - | -     | -
      赵局                          | 赵                | -         | 局     | - | -     | -
      王小明家长                    | -                 | -         | 家长   | - | -     | 王小明
      李志工                        | 李志工            | -         | -      | - | -     | -
      李女士                        | 李                | 女士      | -      | - | -     | -
      周先生                        | 周                | 先生      | -      | - | -     | -
      王小明先生                    | 王小明            | 先生      | -      | - | -     | -
      陈小姐                        | 陈                | 小姐      | -      | - | -     | -
      黄太太                        | 黄                | 太太      | -      | - | -     | -
      欧阳老师                      | 欧阳              | -         | 老师   | - | -     | -
      欧阳总                        | 欧阳              | -         | 总     | - | -     | -
      司马工                        | 司马              | -         | 工     | - | -     | -
      诸葛亮                        | 诸葛亮            | -         | -      | - | -     | -
      上官婉儿                      | 上官婉儿          | -         | -      | - | -     | -
      张老师/高三数学               | 张                | -         | 老师   | 高三数学 | -     | -
      张老师-高三数学               | 张                | -         | 老师   | 高三数学 | -     | -
      张老师 / 高三 / 数学          | 张                | -         | 老师   | 高三;数学 | -     | -
      李娜（经理）                   | 李娜              | -         | 经理   | - | -     | -
      李娜 (Manager)                | 李娜              | -         | Manager | - | -     | -
      王工（经理）                   | 王                | -         | 工     | 经理 | -     | -
      王小明 (Xiaoming Wang)        | 王小明            | -         | -      | -      | Xiaoming Wang | -
      王小明 Xiaoming Wang          | 王小明            | -         | -      | -      | Xiaoming Wang | -
      (王小明)                      | 王小明            | -         | -      | - | -     | -
      😀王小明😀                     | 王小明            | -         | -      | - | -     | -
      王小明👍🏽                      | 王小明            | -         | -      | - | -     | -
      王　小明                       | 王小明            | -         | -      | - | -     | -
      王 小明                       | 王小明            | -         | -      | - | -     | -
      买买提·艾力                    | 买买提·艾力        | -         | -      | - | -     | -
      老师                          | -                 | -         | 老师   | - | -     | -
      先生                          | -                 | 先生      | -      | - | -     | -
      Mr. Wang                      | Wang              | Mr.       | -      | - | -     | -
      mr wang                       | wang              | Mr.       | -      | - | -     | -
      Mrs Chen                      | Chen              | Mrs.      | -      | - | -     | -
      Ms. Li                        | Li                | Ms.       | -      | - | -     | -
      Dr. Li Wei                    | Li Wei            | Dr.       | -      | - | -     | -
      Prof. Zhang                   | Zhang             | Prof.     | -      | - | -     | -
      Ms.                           | -                 | Ms.       | -      | - | -     | -
      John  Smith                   | John Smith        | -         | -      | - | -     | -
      Jean-Luc Picard               | Jean-Luc Picard   | -         | -      | - | -     | -
      Drew Barrymore                | Drew Barrymore    | -         | -      | - | -     | -
      Tony 王                       | Tony 王           | -         | -      | - | -     | -
      👨‍👩‍👧                          | -                 | -         | -      | - | -     | -
      """)
  void aNameFieldIsParsed(String raw, String name, String honorific, String role, String tags, String alias,
      String student) {
    assertParsed(raw, name, honorific, role, tags, alias, student);
  }

  private static void assertParsed(String raw, String name, String honorific, String role, String tags, String alias,
      String student) {
    List<String> expectedTags = tags == null ? List.of() : Arrays.asList(tags.split(";"));

    assertEquals(new NameCleaner.ParsedName(name, honorific, role, expectedTags, alias, student), NameCleaner.parse(raw));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} / {3} / {4}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                      | name        | honorific | role               | tags (; between)
      # a title in brackets, full-width or ASCII, is the role
      刘芳（市场经理）                     | 刘芳        | -         | 市场经理            | -
      刘芳(市场经理)                      | 刘芳        | -         | 市场经理            | -
      刘芳【技术总监】                     | 刘芳        | -         | 技术总监            | -
      刘芳（财务）                        | 刘芳        | -         | 财务               | -
      刘芳（采购部经理）                   | 刘芳        | -         | 采购部经理          | -
      陈静（HR经理）                      | 陈静        | -         | HR经理             | -
      李娜（业务员）                      | 李娜        | -         | 业务员             | -
      Li Na (Purchasing Manager)         | Li Na       | -         | Purchasing Manager | -
      John Smith (CEO)                   | John Smith  | -         | CEO                | -
      Emily Chen (Head of Procurement)   | Emily Chen  | -         | Head of Procurement | -
      Ms. Emily Chen (Sales Director)    | Emily Chen  | Ms.       | Sales Director     | -
      # after a separator or a space
      刘芳/市场经理                       | 刘芳        | -         | 市场经理            | -
      刘芳-采购主管                       | 刘芳        | -         | 采购主管            | -
      刘芳 市场经理                       | 刘芳        | -         | 市场经理            | -
      刘芳，市场经理                      | 刘芳        | -         | 市场经理            | -
      刘芳 财务                           | 刘芳        | -         | 财务               | -
      Li Na - Purchasing Manager         | Li Na       | -         | Purchasing Manager | -
      Li Na, Purchasing Manager          | Li Na       | -         | Purchasing Manager | -
      Li Na / Buyer                      | Li Na       | -         | Buyer              | -
      John Smith, VP of Sales            | John Smith  | -         | VP of Sales        | -
      John Smith Sales Manager           | John Smith  | -         | Sales Manager      | -
      Wei Zhang CEO                      | Wei Zhang   | -         | CEO                | -
      # written onto the name
      刘芳市场经理                        | 刘芳        | -         | 市场经理            | -
      王采购经理                          | 王          | -         | 采购经理            | -
      张数学老师                          | 张数学      | -         | 老师               | -
      王小明同学                          | 王小明      | -         | 同学               | -
      # only a title
      采购经理                            | -           | -         | 采购经理            | -
      Purchasing Manager                 | -           | -         | Purchasing Manager | -
      # one role: the one the person is addressed by; a further title is a tag
      王总（采购）                        | 王          | -         | 总                 | 采购
      张老师/数学老师                     | 张          | -         | 老师               | 数学老师
      # not titles
      John Dean                          | John Dean   | -         | -                  | -
      Smith, John                        | Smith, John | -         | -                  | -
      张老师/高三数学                     | 张          | -         | 老师               | 高三数学
      张老师/Math                         | 张          | -         | 老师               | Math
      """)
  void aTitleInBracketsOrAfterTheNameIsTheRole(String raw, String name, String honorific, String role, String tags) {
    assertParsed(raw, name, honorific, role, tags, null, null);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} / student {5} / {2} / {6}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as              | name   | honorific | role | tags | student     | salutation
      王小明家长                 | -      | -         | 家长 | -    | 王小明       | 王小明家长
      王小明妈妈                 | -      | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明爸爸                 | -      | 爸爸      | 家长 | -    | 王小明       | 王小明爸爸
      王小明的家长               | -      | -         | 家长 | -    | 王小明       | 王小明家长
      王小明的妈妈               | -      | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明妈                   | -      | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明爸                   | -      | 爸爸      | 家长 | -    | 王小明       | 王小明爸爸
      小明妈妈                   | -      | 妈妈      | 家长 | -    | 小明        | 小明妈妈
      王小明同学家长             | -      | -         | 家长 | -    | 王小明       | 王小明家长
      王小明 妈妈                | -      | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明奶奶                 | -      | 奶奶      | 家长 | -    | 王小明       | 王小明奶奶
      王小明母亲                 | -      | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      欧阳娜娜妈妈               | -      | 妈妈      | 家长 | -    | 欧阳娜娜     | 欧阳娜娜妈妈
      李娜（王小明妈妈）          | 李娜   | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明妈妈（李娜）          | 李娜   | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明妈妈 李娜             | 李娜   | 妈妈      | 家长 | -    | 王小明       | 王小明妈妈
      王小明家长/高二             | -      | -         | 家长 | 高二 | 王小明       | 王小明家长
      Tom妈妈                    | -      | 妈妈      | 家长 | -    | Tom         | Tom妈妈
      Parent of Tom Li           | -      | -         | 家长 | -    | Tom Li      | Tom Li's parent
      Mother of Emma             | -      | Mother    | 家长 | -    | Emma        | Emma's mother
      Tom's mom                  | -      | Mother    | 家长 | -    | Tom         | Tom's mother
      Sarah Lee (Tom's dad)      | Sarah Lee | Father | 家长 | -    | Tom         | Tom's father
      王妈妈                     | 王     | 妈妈      | 家长 | -    | -           | 王妈妈
      欧阳爸爸                   | 欧阳   | 爸爸      | 家长 | -    | -           | 欧阳爸爸
      宝妈                       | -      | 妈妈      | 家长 | -    | -           | -
      孩子家长                   | -      | -         | 家长 | -    | -           | -
      家长                       | -      | -         | 家长 | -    | -           | -
      王小明（家长）              | 王小明 | -         | 家长 | -    | -           | 王小明
      """)
  void theParentOfAStudentIsTheContactAndTheStudentIsKept(String raw, String name, String honorific, String role,
      String tags, String student, String salutation) {
    assertParsed(raw, name, honorific, role, tags, null, student);
    assertEquals(salutation, NameCleaner.parse(raw).salutation());
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1} alias {5}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                 | name   | honorific | role | tags | alias
      王磊 Wang Lei                 | 王磊   | -         | -    | -    | Wang Lei
      王磊(Wang Lei)                | 王磊   | -         | -    | -    | Wang Lei
      王磊（Wang Lei）              | 王磊   | -         | -    | -    | Wang Lei
      Wang Lei 王磊                 | 王磊   | -         | -    | -    | Wang Lei
      Wang Lei (王磊)               | 王磊   | -         | -    | -    | Wang Lei
      王磊/Wang Lei                 | 王磊   | -         | -    | -    | Wang Lei
      王磊 Tony                     | 王磊   | -         | -    | -    | Tony
      王磊/Tony                     | 王磊   | -         | -    | -    | Tony
      WANG LEI 王磊                 | 王磊   | -         | -    | -    | WANG LEI
      王磊 Wang Lei（采购经理）       | 王磊   | -         | 采购经理 | - | Wang Lei
      王总 Wang Lei                 | 王     | -         | 总   | -    | Wang Lei
      李女士 Ms. Li                 | 李     | 女士      | -    | -    | Li
      王磊 Purchasing Manager       | 王磊   | -         | Purchasing Manager | - | -
      Tony 王                       | Tony 王 | -        | -    | -    | -
      """)
  void aLatinNameBesideAChineseOneIsTheAlias(String raw, String name, String honorific, String role, String tags,
      String alias) {
    assertParsed(raw, name, honorific, role, tags, alias, null);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # salutation field | honorific
      Dr.               | Dr.
      dr                | Dr.
      DR.               | Dr.
      Mr                | Mr.
      Mr.               | Mr.
      mrs.              | Mrs.
      Ms                | Ms.
      Miss              | Miss
      Prof.             | Prof.
      Mx.               | Mx.
      Herr              | Herr
      Mme               | Mme
      ' 女士 '          | 女士
      先生              | 先生
      小姐              | 小姐
      老师              | 老师
      Rev. Canon        | Rev. Canon
      ''                | -
      '  '              | -
      -                 | -
      '123'             | -
      😀                | -
      """)
  void aSalutationFieldOnItsOwnIsAnHonorific(String value, String honorific) {
    assertEquals(honorific, NameCleaner.honorific(value));
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # written as                 | salutation
      李女士                        | 李女士
      王总                          | 王总
      张老师/高三数学               | 张老师
      刘芳（市场经理）               | 刘芳经理
      Dr. Li Wei                    | Dr. Li Wei
      Li Na (Purchasing Manager)    | Li Na
      李娜（经理）                   | 李娜经理
      王小明（家长）                 | 王小明
      王小明妈妈                    | 王小明妈妈
      老师                          | -
      """)
  void theSalutationIsHowARepAddressesThePerson(String raw, String salutation) {
    assertEquals(salutation, NameCleaner.parse(raw).salutation());
  }

  @Test
  void aTitleWithoutANameIsTitleOnly() {
    assertTrue(NameCleaner.parse("老师").titleOnly());
    assertTrue(NameCleaner.parse("先生").titleOnly());
    assertTrue(NameCleaner.parse("宝妈").titleOnly());
    assertFalse(NameCleaner.parse("王小明妈妈").titleOnly(), "the student names how to address them");
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
