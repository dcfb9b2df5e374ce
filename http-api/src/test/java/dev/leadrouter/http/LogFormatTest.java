package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar's logback.xml in both formats (LEADROUTER_LOG_FORMAT): no configuration warning, the fields an operator searches by. */
class LogFormatTest {

  private static String encode(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("LEADROUTER_LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    try {
      for (Status s : context.getStatusManager().getCopyOfStatusList()) {
        assertTrue(s.getEffectiveLevel() < Status.WARN, format + ": " + s);
      }
      AsyncAppender async = (AsyncAppender) context.getLogger("ROOT").getAppender("STDOUT");
      OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> out =
          (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) async.getAppender("FORMAT");
      LoggingEvent event = new LoggingEvent("x", context.getLogger("leadrouter.access"), Level.INFO,
          "leadrouter listening on http://127.0.0.1:8080", null, null);
      event.setMDCPropertyMap(Map.of("requestId", "req-1", "leadId", "lead-1"));
      return new String(out.getEncoder().encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }

  @Test
  void jsonIsOneObjectPerLineWithTheMdcAsFields() throws Exception {
    String line = encode("json");
    assertEquals(1, line.strip().lines().count(), line);
    JsonNode json = Json.MAPPER.readTree(line);
    assertEquals("leadrouter listening on http://127.0.0.1:8080", json.get("message").asText());
    assertEquals("req-1", json.get("requestId").asText());
    assertEquals("lead-1", json.get("leadId").asText());
    assertEquals("INFO", json.get("level").asText());
    assertEquals("leadrouter.access", json.get("logger_name").asText());
  }

  @Test
  void textKeepsTheMessageAndShowsTheRequestId() throws Exception {
    String line = encode("text");
    assertTrue(line.contains("INFO  leadrouter.access - leadrouter listening on http://127.0.0.1:8080 [req-1]"), line);
  }
}
