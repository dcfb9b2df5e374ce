package dev.leadrouter.persistence.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.LeadMerge;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV3;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a rep needs to call reaches the lead's row: written on LeadReceived, gaps filled and phones
 * united on LeadTouched; text too long for its column is cut, NUL dropped (H2 and PostgreSQL).
 */
class LeadContactProjectionTest {

  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
  private static final String COLUMNS = "salutation, name, phone, phones, company, province, city, industry,"
      + " budget_min, budget_max, budget_currency, budget_negotiable, source";

  private static CleanLead clean(String source, String name, String phone, String company, String region,
      String industry, String budget) {
    return LeadCleaner.clean(new LeadInput(source, "e-" + source, name, phone, null, company, region, industry, budget,
        "normal", LeadInput.Utm.EMPTY, null, null, Map.of()));
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aReceivedLeadCarriesWhatTheRepNeedsToCall(DatabaseVendor vendor) throws Exception {
    CleanLead lead = clean("baidu-form", "李娜女士", "138 0013 8000 / 021-6123 4567", "上海电气", "上海", "工业自动化",
        "50万到200万元");

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", lead)));

    assertEquals(List.of(Arrays.asList("李娜女士", "李娜", "+8613800138000", "+8613800138000,+862161234567", "上海电气",
        "上海市", "上海市", "工业自动化", 500000L, 2000000L, "CNY", false, "baidu-form")), rows);
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aTouchFillsGapsKeepsWhatWasKnownAndUnitesThePhones(DatabaseVendor vendor) throws Exception {
    CleanLead base = clean("wecom", "王总", "13800138000", null, null, "无人机配件", "面议");
    CleanLead touch = clean("baidu-form", "李先生", "13900139000 / 13800138000", "苏州精密", "江苏 苏州", "工业自动化",
        "80万元");

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", base), touched("lead-1", touch)));

    assertEquals("OTHER", base.industry(), "the base's industry is unknown to the taxonomy");
    assertEquals("北京市", base.region().province(), "the base's place is a guess from its phone");
    assertEquals(List.of(Arrays.asList("王总", "王", "+8613800138000", "+8613800138000,+8613900139000", "苏州精密",
        "江苏省", "苏州市", "工业自动化", 800000L, 800000L, "CNY", false, "wecom")), rows,
        "salutation and source stay; company, place (was a guess), industry (was OTHER), budget (was 面议 alone)"
            + " filled in");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aTouchRecordedWithItsMergedLeadIsShownExactlyAsTheLeadHoldsIt(DatabaseVendor vendor) throws Exception {
    CleanLead base = clean("wecom", "王总", "13800138000", "苏州精密", null, "无人机配件", "面议");
    CleanLead touch = clean("baidu-form", "王建国", "13900139000", "苏州精密机械有限公司", "江苏 苏州", "工业自动化",
        "80万元");
    CleanLead merged = LeadMerge.merge(base, touch);

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", base), touchedNow("lead-1", base, touch)));

    assertEquals(List.of(Arrays.asList(merged.salutation(), merged.name(), merged.phones().get(0),
        String.join(",", merged.phones()), merged.company(), merged.region().province(), merged.region().city(),
        merged.industry(), merged.budget().min(), merged.budget().max(), merged.budget().currency(),
        merged.budget().negotiable(), merged.source())), rows);
    assertEquals("苏州精密机械有限公司", merged.company(), "the fuller company, as the lead's merge keeps it");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aKnownBudgetAndIndustryAreNotReplacedByATouch(DatabaseVendor vendor) throws Exception {
    CleanLead base = clean("api", "王工", "13800138000", "上海电气", "上海", "工业自动化", "80万元");
    CleanLead touch = clean("ads", null, "13800138000", "别的公司", "北京", "SaaS", "300万");

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", base), touched("lead-1", touch)));

    assertEquals(List.of(Arrays.asList("王工", "王", "+8613800138000", "+8613800138000", "上海电气", "上海市", "上海市",
        "工业自动化", 800000L, 800000L, "CNY", false, "api")), rows);
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aLeadKnownOnlyByATitleTakesTheTouchsNameWithItsSalutation(DatabaseVendor vendor) throws Exception {
    CleanLead base = clean("form", "老师", "13800138000", null, "上海", null, null);
    CleanLead touch = clean("ads", "李女士", "13800138000", null, null, null, null);

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", base), touched("lead-1", touch)));

    assertEquals(List.of("李女士", "李"), rows.get(0).subList(0, 2));
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void textLongerThanItsColumnIsCutAndNulIsDropped(DatabaseVendor vendor) throws Exception {
    String grin = "\uD83D\uDE00";
    CleanLead base = clean("api", "王工", "13800138000", null, "上海", null, null);
    CleanLead huge = oversized(base, "名".repeat(250), "公\u0000司".repeat(60) + "x".repeat(79) + grin,
        "行".repeat(150), "s".repeat(100));

    List<List<Object>> rows = project(vendor, List.of(received("lead-1", huge)));

    List<Object> row = rows.get(0);
    assertEquals("名".repeat(200), row.get(1), "name: VARCHAR(200)");
    String company = (String) row.get(4);
    assertEquals("公司".repeat(60) + "x".repeat(79), company, "199 units fit; the pair would make 201: left out");
    assertFalse(company.contains("\u0000"));
    assertEquals("行".repeat(100), row.get(7), "industry: VARCHAR(100)");
    assertEquals("s".repeat(64), row.get(12), "source: VARCHAR(64)");
    assertTrue(((String) row.get(0)).length() <= 200, "salutation: VARCHAR(200)");
  }

  /** {@code base} with a name, company, industry and source no edge check limited (as an old journal may hold). */
  private static CleanLead oversized(CleanLead base, String name, String company, String industry, String source) {
    return new CleanLead(source, base.sourceEventId(), name, base.honorific(), "经理", null, null, base.nameTags(),
        base.phones(), base.phoneExtensions(), base.emails(), company, base.region(), industry, base.budget(),
        base.budgetBand(), base.priority(), base.utm(), base.clientIp(), base.attributes(), base.flags(), null);
  }

  private static EventEnvelope<Object> received(String leadId, CleanLead lead) {
    return envelope(leadId, 1, new Lead.LeadReceived(leadId, T, lead, null));
  }

  /** A touch as journals before the merged lead was recorded hold it (the projection merges it itself). */
  private static EventEnvelope<Object> touched(String leadId, CleanLead touch) {
    return envelope(leadId, 2, new LeadTouchedV3(T.plusSeconds(60), touch));
  }

  /** A touch as the lead records it now: with the lead after its merge. */
  private static EventEnvelope<Object> touchedNow(String leadId, CleanLead base, CleanLead touch) {
    return envelope(leadId, 2, new Lead.LeadTouched(T.plusSeconds(60), touch, LeadMerge.merge(base, touch)));
  }

  private static EventEnvelope<Object> envelope(String leadId, long seqNr, Object event) {
    return EventEnvelope.create(Offset.sequence(seqNr), "Lead|" + leadId, seqNr, event, 0L);
  }

  /** Projects {@code events} (one transaction) on a fresh database; returns the contact columns of lead_index. */
  private List<List<Object>> project(DatabaseVendor vendor, List<EventEnvelope<Object>> events) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir.resolve(vendor.name()));
        Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      PlainJdbcSession session = new PlainJdbcSession(db.dataSource());
      try {
        new LeadProjectionHandler(Duration.ofSeconds(5)).process(session, events);
        session.commit();
      } finally {
        session.close();
      }
      return Sql.rows(db.dataSource(), "SELECT " + COLUMNS + " FROM lead_index ORDER BY lead_id").stream()
          .map(r -> r.stream().map(v -> v instanceof Number n ? (Object) n.longValue() : v).toList())
          .toList();
    }
  }
}
