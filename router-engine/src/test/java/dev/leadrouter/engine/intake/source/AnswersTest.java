package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswersTest {

  /** HubSpot, Meta and Google Ads send first and last name apart. */
  @ParameterizedTest(name = "[{index}] {0} + {1} → {2}")
  @CsvSource(nullValues = "-", value = {
      // first,  last,   full name
      "Wei,      Li,     Wei Li",
      "三,       张,     张三",
      "娜娜,     欧阳,   欧阳娜娜",
      "Wei,      张,     Wei 张",
      "三,       -,      三",
      "-,        张,     张",
      "-,        -,      -",
  })
  void firstAndLastNameMakeTheFullName(String first, String last, String full) {
    assertEquals(full, Answers.fullName(first, last));
  }
}
