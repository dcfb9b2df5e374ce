package dev.leadrouter.persistence.opportunity;

import static dev.leadrouter.persistence.opportunity.OpportunityEvents.T;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.action;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.downgraded;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.envelope;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.moved;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.opened;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel.Cursor;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel.FunnelFilter;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel.ListFilter;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel.Page;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel.Scope;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The list (filters, keyset cursor, scope) and the funnel's numbers, projected and read on H2 and PostgreSQL. */
class OpportunityReadModelTest {

  private static final Duration H = Duration.ofHours(1);
  static final Funnel.Stages DEFAULT = new Funnel.Stages(
      List.of("qualification", "solution_demo", "quote", "negotiation", "won", "lost"), Set.of("won", "lost"),
      Set.of("lost"));

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void theListFiltersPagesWithItsCursorAndKeepsToTheCallersScope(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      projectAll(db, List.of(
          envelope(id("L1"), 1, opened("L1", "rep-1", "华东", "web", T, null)),
          envelope(id("L2"), 1, opened("L2", "rep-2", "华南", "baidu", T.plus(H), null)),
          envelope(id("L3"), 1, opened("L3", "rep-1", "华南", "web", T.plus(H.multipliedBy(2)), null)),
          envelope(id("L3"), 2, action(T.plus(H.multipliedBy(3)), "site_visit", true, null)),
          envelope(id("L4"), 1, opened("L4", "rep-3", "华东", "web", T.plus(H.multipliedBy(3)), null)),
          envelope(id("L4"), 2, moved(T.plus(H.multipliedBy(4)), "qualification", "solution_demo", null, null))));
      OpportunityReadModel model = new OpportunityReadModel(db);

      assertEquals(List.of("L4", "L3", "L2", "L1"), leads(model.list(filter(null, null, null, null, null), 10, null)));
      Page first = model.list(filter(null, null, null, null, null), 2, null);
      assertEquals(List.of("L4", "L3"), leads(first));
      Page second = model.list(filter(null, null, null, null, null), 2, Cursor.decode(first.nextCursor()).orElseThrow());
      assertEquals(List.of("L2", "L1"), leads(second));
      assertNull(second.nextCursor(), "the last page has no cursor");

      assertEquals(List.of("L4"), leads(model.list(filter("solution_demo", null, null, null, null), 10, null)));
      assertEquals(List.of("L3", "L1"), leads(model.list(filter(null, Set.of("rep-1"), null, null, null), 10, null)));
      assertEquals(List.of(), leads(model.list(filter(null, Set.of(), null, null, null), 10, null)), "an empty team");
      assertEquals(List.of("L3", "L2"), leads(model.list(filter(null, null, "华南", null, null), 10, null)));
      // No valid action since T+2.5h or earlier: L3 had one at T+3h, L4 opened at T+3h.
      assertEquals(List.of("L2", "L1"),
          leads(model.list(filter(null, null, null, T.plus(Duration.ofMinutes(150)), null), 10, null)));
      // A manager of rep-2 and of the region 华东; a rep: their own.
      assertEquals(List.of("L4", "L2", "L1"),
          leads(model.list(filter(null, null, null, null, new Scope(Set.of("rep-2"), Set.of("华东"))), 10, null)));
      assertEquals(List.of("L3", "L1"),
          leads(model.list(filter(null, null, null, null, new Scope(Set.of("rep-1"), Set.of())), 10, null)));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void anAmountReadsBackAsItWasGiven(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      OpportunityProtocol.OpportunityOpened whole = opened("W", "rep-1", "华东", "web", T, null);
      OpportunityProtocol.OpportunityOpened fraction = opened("F", "rep-1", "华东", "web", T.plus(H), null);
      fraction = new OpportunityProtocol.OpportunityOpened(fraction.opportunityId(), fraction.at(), fraction.lead(),
          fraction.by(), fraction.name(), new java.math.BigDecimal("123456789012345.6789"), "USD", fraction.pipeline(),
          fraction.pipelineVersion(), fraction.stage(), null, null);
      projectAll(db, List.of(envelope(id("W"), 1, whole), envelope(id("F"), 1, fraction)));

      List<OpportunityReadModel.Row> rows = new OpportunityReadModel(db).list(filter(null, null, null, null, null), 10, null)
          .opportunities();
      assertEquals("123456789012345.6789", rows.get(0).amount().toPlainString(), "15 + 4 digits, as the API accepts");
      assertEquals("800000", rows.get(1).amount().toString(), "no trailing zeros of the column's scale");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void theFunnelOfASmallKnownHistory(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      projectAll(db, List.of(
          envelope(id("A"), 1, opened("A", "rep-1", "华东", "web", T, null)),
          envelope(id("A"), 2, moved(at(10), "qualification", "solution_demo", null, null)),
          envelope(id("A"), 3, moved(at(30), "solution_demo", "quote", null, null)),
          envelope(id("A"), 4, moved(at(40), "quote", "won", null, null)),
          envelope(id("B"), 1, opened("B", "rep-2", "华东", "web", at(1), null)),
          envelope(id("B"), 2, moved(at(5), "qualification", "solution_demo", null, null)),
          envelope(id("B"), 3, downgraded(at(53), "solution_demo", "qualification", null)),
          envelope(id("C"), 1, opened("C", "rep-1", "华南", "baidu", at(2), null)),
          envelope(id("C"), 2, moved(at(6), "qualification", "lost", null, null)),
          envelope(id("D"), 1, opened("D", "rep-1", "华东", "web", at(100), null))));
      OpportunityReadModel model = new OpportunityReadModel(db);

      List<Funnel.StageReport> all = Funnel.compute(
          model.stageLog(new FunnelFilter(T, at(50), "default", null, null, null, null)), T, at(50), Optional.of(DEFAULT));
      assertEquals(List.of(
          new Funnel.StageReport("qualification", 3, 2, 0.667, hours(4), 0),
          new Funnel.StageReport("solution_demo", 2, 1, 0.5, hours(34), 1),
          new Funnel.StageReport("quote", 1, 1, 1.0, hours(10), 0),
          new Funnel.StageReport("negotiation", 0, 0, null, null, 0),
          new Funnel.StageReport("won", 1, null, null, null, 0),
          new Funnel.StageReport("lost", 1, null, null, null, 0)), all);

      List<Funnel.StageReport> east = Funnel.compute(
          model.stageLog(new FunnelFilter(T, at(50), "default", "华东", null, null, null)), T, at(50), Optional.of(DEFAULT));
      assertEquals(new Funnel.StageReport("qualification", 2, 2, 1.0, hours(7), 0), east.get(0));
      List<Funnel.StageReport> repTwo = Funnel.compute(model.stageLog(new FunnelFilter(T, at(50), "default", null,
          null, null, new Scope(Set.of("rep-2"), Set.of()))), T, at(50), Optional.of(DEFAULT));
      assertEquals(new Funnel.StageReport("solution_demo", 1, 0, 0.0, hours(48), 1), repTwo.get(1));
      List<Funnel.StageReport> baidu = Funnel.compute(model.stageLog(new FunnelFilter(T, at(50), "default", null,
          Set.of("rep-1"), "baidu", null)), T, at(50), Optional.of(DEFAULT));
      assertEquals(new Funnel.StageReport("qualification", 1, 0, 0.0, hours(4), 0), baidu.get(0));
    }
  }

  private static void projectAll(Database db, List<EventEnvelope<Object>> events) throws Exception {
    OpportunityProjectionHandler handler = new OpportunityProjectionHandler(null);
    project(db, handler, events);
  }

  private static ListFilter filter(String stage, Set<String> owners, String region, Instant idleSince, Scope scope) {
    return new ListFilter(stage, owners, region, idleSince, scope);
  }

  private static List<String> leads(Page page) {
    List<String> out = new ArrayList<>();
    for (OpportunityReadModel.Row r : page.opportunities()) out.add(r.leadId());
    return out;
  }

  private static String id(String leadId) {
    return OpportunityProtocol.idFor(leadId);
  }

  private static Instant at(int hours) {
    return T.plus(H.multipliedBy(hours));
  }

  private static Long hours(int n) {
    return H.multipliedBy(n).toMillis();
  }
}
