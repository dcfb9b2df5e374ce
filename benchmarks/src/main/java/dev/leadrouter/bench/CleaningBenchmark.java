package dev.leadrouter.bench;

import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.LeadMerge;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.engine.intake.source.SourceAdapters;
import dev.leadrouter.engine.intake.source.SourceConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-lead pure work on the intake path: cleaning one messy lead, merging a second delivery of
 * the same person, and one generic-adapter delivery parsed into a lead. Average time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CleaningBenchmark {

  private LeadInput messy;
  private CleanLead base;
  private CleanLead touch;
  private SourceAdapter generic;
  private SourceConfig config;
  private Delivery delivery;

  @Setup
  public void setUp() throws Exception {
    messy = new LeadInput("web-form", "evt-1", " 王工（经理） ", "＋86 138-0013-8000 / 021 6123 4567",
        "Wang <Wang@Example.CN>", "苏州精密制造有限公司", "江苏省苏州市工业园区", "工业自动化", "50-200万",
        "normal", new LeadInput.Utm("baidu", "cpc", "spring", null, null), "203.0.113.7", "请下午联系",
        Map.of("page", "https://x.cn/a?utm_source=baidu"));
    base = LeadCleaner.clean(messy);
    touch = LeadCleaner.clean(new LeadInput("crm", "evt-2", "王先生", "13900139000", "w2@example.cn", null, "上海",
        null, "300万", "normal", LeadInput.Utm.EMPTY, null, null, Map.of()));
    generic = SourceAdapters.byType("generic").orElseThrow();
    config = new SourceConfig("landing", "generic", Map.of("token", "t"), "normal", List.of("spring"), 0.8,
        new ObjectMapper().readTree("{\"fields\":{\"sourceEventId\":\"/id\",\"name\":\"/contact/name\","
            + "\"phone\":\"/contact/mobile\",\"email\":\"/contact/email\",\"region\":\"/city\","
            + "\"landingUrl\":\"/page\"}}"), true);
    byte[] body = ("{\"id\":\"e-1\",\"contact\":{\"name\":\"王工\",\"mobile\":\"13800138000\",\"email\":\"w@example.cn\"},"
        + "\"city\":\"上海\",\"page\":\"https://x.cn/a?utm_source=baidu&utm_campaign=s1\",\"extra\":\"x\"}")
        .getBytes(StandardCharsets.UTF_8);
    delivery = new Delivery("landing", "application/json", body, Map.of(), Map.of("token", "t"), Map.of(),
        Instant.parse("2026-11-24T10:00:00Z"));
  }

  @Benchmark
  public CleanLead cleanOneLead() {
    return LeadCleaner.clean(messy);
  }

  @Benchmark
  public CleanLead mergeASecondDelivery() {
    return LeadMerge.merge(base, touch);
  }

  @Benchmark
  public CleanLead parseAndCleanAGenericDelivery() {
    SourceAdapter.Result result = generic.parse(delivery, config);
    return LeadCleaner.clean(result.leads().get(0).input());
  }
}
