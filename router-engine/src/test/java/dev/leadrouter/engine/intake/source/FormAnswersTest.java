package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormAnswersTest {

  static Stream<Arguments> joins() {
    return Stream.of(
        Arguments.of("name", List.of("Emily", "Chen"), "Emily Chen"),
        Arguments.of("name", List.of("Mary", "Ann", "Smith"), "Mary Ann Smith"),
        Arguments.of("name", List.of("三", "张"), "张三"),
        Arguments.of("name", List.of("建国", "陈"), "陈建国"),
        Arguments.of("name", List.of("太郎", "山田"), "山田太郎"),
        Arguments.of("name", List.of("민수", "김"), "김민수"),
        Arguments.of("name", List.of("Wei", "张"), "Wei 张"),
        Arguments.of("name", List.of(" 三 ", "", "张"), "张三"),
        Arguments.of("name", List.of("约翰·史密斯"), "约翰·史密斯"),
        Arguments.of("region", List.of("广东省", "深圳市"), "广东省深圳市"),
        Arguments.of("region", List.of("Victoria", "Melbourne"), "Victoria Melbourne"),
        Arguments.of("phone", List.of("020", "7946 0958"), "020 7946 0958"),
        Arguments.of("notes", List.of("第一行", "第二行"), "第一行\n第二行"),
        Arguments.of("company", Arrays.asList(null, " ", ""), null));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("joins")
  void partsJoinAsTheirScriptWrites(String field, List<String> parts, String expected) {
    assertEquals(expected, FormAnswers.join(field, parts));
  }

  @Test
  void mappingThenTypeThenCommonNameThenAttribute() {
    SourceConfig config = SourceTestKit.bareConfig("s", "tally", Map.of(), "{\"fields\":{\"company\":\"org\"}}");
    LeadBuilder lead = LeadBuilder.of(config);

    FormAnswers.apply(lead, FieldMap.of(config), List.of(
        new Answer(List.of("k1"), "公司", "别名公司", null),
        new Answer(List.of("org"), "Organisation", "映射公司", null),
        new Answer(List.of("k2"), "联系电话", "021-6000 0000", null),
        new Answer(List.of("k3"), "Mobile (typed)", "13800138000", "phone"),
        new Answer(List.of("k4"), "E-mail", "a@b.cn", null),
        new Answer(List.of("k5"), "Email again", "a@b.cn", "email"),
        new Answer(List.of("k6"), "UTM Source", "zhihu", null),
        new Answer(List.of("k7"), null, "not kept", null)));
    LeadInput in = lead.build();

    assertEquals("映射公司", in.company());
    assertEquals("13800138000; 021-6000 0000", in.phone(), "every phone, the typed one first");
    assertEquals("a@b.cn", in.email());
    assertEquals("zhihu", in.utm().source());
    assertEquals(Map.of("公司", "别名公司"), in.attributes());
  }

  @Test
  void longLabelsGiveWayToShorterKeys() {
    String title = "If you're OK with our city management following up if they have further questions, please give us your email.";

    assertEquals("readable_ref_email", FormAnswers.label(title, "readable_ref_email", "SMEUb7VJz92Q"));
    assertEquals(title.substring(0, FormAnswers.MAX_LABEL), FormAnswers.label(title));
    assertEquals(null, FormAnswers.label(null, " "));
  }
}
