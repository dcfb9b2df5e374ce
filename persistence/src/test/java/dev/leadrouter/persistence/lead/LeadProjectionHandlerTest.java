package dev.leadrouter.persistence.lead;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lead projection writes a group's fired steps in JDBC batches: the read models must end as if
 * every event had been written on its own, in journal order, including when a lead fires twice in
 * one group or another kind of event comes between its steps.
 */
class LeadProjectionHandlerTest {

  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
  private static final Notice TO_REP = new Notice("rep-1", "rep", "app", Notice.REMINDER);

  /** Journal order, across two leads. */
  private static final List<EventEnvelope<Object>> EVENTS = List.of(
      envelope("lead-1", 3, new Lead.ReminderSent(T.plusSeconds(100), deadline(0, SlaAction.REMIND, 100), List.of(TO_REP))),
      envelope("lead-2", 3, new Lead.ReminderSent(T.plusSeconds(101), deadline(0, SlaAction.REMIND, 100), List.of(TO_REP))),
      // lead-1 again: a second step of the same lead in one group.
      envelope("lead-1", 4, new Lead.LeadEscalated(T.plusSeconds(200), deadline(1, SlaAction.ESCALATE_MANAGER, 200), 1,
          List.of(new Notice("mgr-1", "manager", "wecom", Notice.ESCALATION),
              new Notice("dir-1", "director", "email", Notice.ESCALATION_COPY)))),
      // Not a step: written on its own, after the steps before it.
      envelope("lead-2", 4, new Lead.LeadAcknowledged(T.plusSeconds(210), "rep-1", 110_000)),
      envelope("lead-1", 5, new Lead.SlaStepFired(T.plusSeconds(300), deadline(2, SlaAction.BREACH, 300),
          List.of(new Notice("mgr-1", "manager", "wecom", Notice.BREACHED)))));

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aGroupOfFiredStepsEndsAsIfEachEventWereWrittenAlone(DatabaseVendor vendor) throws Exception {
    List<List<String>> grouped = project(vendor, "grouped", List.of(EVENTS));
    List<List<String>> alone = project(vendor, "alone", EVENTS.stream().map(List::of).toList());

    assertEquals(withoutLive(alone), withoutLive(grouped));
    assertEquals(List.of(
            List.of("lead-1", "ASSIGNED", "1", "true", "300000", "null", "null"),
            List.of("lead-2", "ACKNOWLEDGED", "0", "false", "100000", "null", "null")),
        grouped.subList(0, 2), "lead rows: status, escalation level, breached, window start, next step");
    assertEquals(List.of("lead-1:3:rep-1:app", "lead-1:4:dir-1:email", "lead-1:4:mgr-1:wecom", "lead-1:5:mgr-1:wecom",
        "lead-2:3:rep-1:app"), grouped.get(2), "outbox keys");
    assertEquals(List.of(), grouped.get(3), "no deadline left");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aConvertedLeadIsClosedAsConvertedAndItsDeadlinesGo(DatabaseVendor vendor) throws Exception {
    List<List<String>> rows = project(vendor, "converted", List.of(List.of(
        envelope("lead-1", 3, new Lead.LeadConverted(T.plusSeconds(50), "rep-1", "opp-lead-1")))));

    assertEquals(List.of("lead-1", "CLOSED", "0", "false", "null", "null", "null"), rows.get(0));
    assertEquals(List.of("lead-1:CLOSED:converted:opp-lead-1:" + T.plusSeconds(50).toEpochMilli()), rows.get(4));
    assertEquals(List.of("lead-2:0", "lead-2:1", "lead-2:2"), rows.get(3), "only the other lead's deadlines are left");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void newLeadsAndTheirAssignmentsInOneGroupEndAsIfEachEventWereWrittenAlone(DatabaseVendor vendor) throws Exception {
    Notice toRep = new Notice("rep-9", "rep", "app", Notice.ASSIGNED);
    List<EventEnvelope<Object>> events = List.of(
        envelope("lead-a", 1, received("lead-a", 0)),
        envelope("lead-b", 1, received("lead-b", 1)),
        // lead-a has no deadline: the deadline rows of lead-b's assignment must still go before its next-step read.
        envelope("lead-a", 2, assigned(0, List.of(), List.of(toRep))),
        envelope("lead-b", 2, assigned(1, List.of(deadline(0, SlaAction.REMIND, 900), deadline(1, SlaAction.ESCALATE_MANAGER, 1800)),
            List.of(toRep))),
        envelope("lead-b", 3, new Lead.ReminderSent(T.plusSeconds(900), deadline(0, SlaAction.REMIND, 900), List.of(toRep))),
        envelope("lead-a", 3, new Lead.LeadAcknowledged(T.plusSeconds(60), "rep-9", 60_000)),
        envelope("lead-c", 1, received("lead-c", 2)),
        envelope("lead-c", 2, assigned(3, List.of(deadline(0, SlaAction.REMIND, 950)), List.of())));

    List<List<String>> grouped = project(vendor, "new-grouped", List.of(events));
    List<List<String>> alone = project(vendor, "new-alone", events.stream().map(List::of).toList());

    assertEquals(withoutLive(alone), withoutLive(grouped));
    assertEquals(List.of(
            List.of("lead-a", "ACKNOWLEDGED", "0", "false", String.valueOf(T.toEpochMilli()), "null", "null"),
            List.of("lead-b", "ASSIGNED", "0", "false", "900000", "1800000", "ESCALATE_MANAGER"),
            List.of("lead-c", "ASSIGNED", "0", "false", String.valueOf(T.plusSeconds(3).toEpochMilli()), "950000", "REMIND")),
        grouped.subList(2, 5), "lead rows: status, escalation level, breached, window start, next step");
    assertEquals(List.of("lead-b:1", "lead-c:0", "lead-1:0", "lead-1:1", "lead-1:2", "lead-2:0", "lead-2:1", "lead-2:2")
        .stream().sorted().toList(), grouped.get(6), "no routing deadline left, the fired step gone");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void leadsRecordedWithoutRoutingInOneGroupAreUnroutedWithNoRoutingDeadlineAsIfWrittenAlone(DatabaseVendor vendor)
      throws Exception {
    List<EventEnvelope<Object>> events = List.of(
        envelope("lead-x", 1, received("lead-x", 0)),
        envelope("lead-x", 2, new Lead.LeadNotRouted(T, "import")),
        envelope("lead-y", 1, received("lead-y", 1)),
        envelope("lead-y", 2, new Lead.LeadNotRouted(T.plusSeconds(1), "import")),
        // a person gives lead-y a rep in the same group: it follows its not-routed in journal order
        envelope("lead-y", 3, assigned(9, List.of(deadline(0, SlaAction.REMIND, 900)), List.of())));

    List<List<String>> grouped = project(vendor, "unrouted-grouped", List.of(events));
    List<List<String>> alone = project(vendor, "unrouted-alone", events.stream().map(List::of).toList());

    assertEquals(withoutLive(alone), withoutLive(grouped));
    assertEquals(List.of("lead-x", "UNROUTED", "0", "false", "null", "null", "null"), grouped.get(2));
    assertEquals(List.of("lead-y", "ASSIGNED", "0", "false", String.valueOf(T.plusSeconds(9).toEpochMilli()), "900000",
        "REMIND"), grouped.get(3));
    assertEquals(List.of("lead-1:0", "lead-1:1", "lead-1:2", "lead-2:0", "lead-2:1", "lead-2:2", "lead-y:0"),
        grouped.get(5), "no routing deadline for a lead not routed");
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void everyEventABoardShowsAddsOneLiveRowWithTheOwnerAsTheGroupLeavesIt(DatabaseVendor vendor) throws Exception {
    Notice toRep = new Notice("rep-9", "rep", "app", Notice.ASSIGNED);
    List<EventEnvelope<Object>> events = List.of(
        envelope("lead-a", 1, received("lead-a", 0)),
        envelope("lead-a", 2, assigned(1, List.of(deadline(0, SlaAction.REMIND, 900)), List.of(toRep))),
        envelope("lead-b", 1, received("lead-b", 2)),
        envelope("lead-b", 2, assigned(3, List.of(), List.of(toRep))),
        envelope("lead-1", 3, new Lead.ReminderSent(T.plusSeconds(100), deadline(0, SlaAction.REMIND, 100), List.of(TO_REP))),
        // Nothing a board shows: no row.
        envelope("lead-a", 3, new Lead.ContactReturned(T.plusSeconds(4), "lead-0")),
        envelope("lead-a", 4, new Lead.LeadReassigned(T.plusSeconds(5), "rep-9", deadline(1, SlaAction.REASSIGN, 5),
            List.of())),
        envelope("lead-b", 3, new Lead.LeadAcknowledged(T.plusSeconds(6), "rep-9", 3_000)));

    List<List<String>> grouped = project(vendor, "live-grouped", List.of(events));
    long at0 = T.toEpochMilli();
    assertEquals(List.of(
            "lead:lead-a:RECEIVED:null:null:华东:" + at0,
            "lead:lead-a:ASSIGNED:null:null:华东:" + (at0 + 1000),
            "lead:lead-b:RECEIVED:rep-9:null:华东:" + (at0 + 2000),
            "lead:lead-b:ASSIGNED:rep-9:null:华东:" + (at0 + 3000),
            "lead:lead-1:REMINDER:null:null:华东:" + (at0 + 100_000),
            "lead:lead-a:REASSIGNED:null:rep-9:华东:" + (at0 + 5000),
            "lead:lead-b:ACKNOWLEDGED:rep-9:null:华东:" + (at0 + 6000)),
        grouped.get(grouped.size() - 1), "in journal order; lead-a ends unassigned, taken from rep-9");

    List<List<String>> alone = project(vendor, "live-alone", events.stream().map(List::of).toList());
    assertEquals("lead:lead-a:ASSIGNED:rep-9:null:华东:" + (at0 + 1000), alone.get(alone.size() - 1).get(1),
        "in a group of its own, the owner right after the assignment");
  }

  /** The read models but the live rows (whose owner is the group's last: they differ by grouping). */
  private static List<List<String>> withoutLive(List<List<String>> models) {
    return models.subList(0, models.size() - 1);
  }

  private static Lead.LeadReceived received(String leadId, int second) {
    return new Lead.LeadReceived(leadId, T.plusSeconds(second), LeadCleaner.clean(new LeadInput("form", "e-" + leadId,
        "王工", "1380013800" + second, null, null, "上海", "工业自动化", "80万", "normal", LeadInput.Utm.EMPTY, null, null,
        java.util.Map.of())), null);
  }

  private static Lead.LeadAssigned assigned(int second, List<Deadline> deadlines, List<Notice> notices) {
    return new Lead.LeadAssigned(T.plusSeconds(second), "rep-9", null, "normal", 1, "wall", List.of(), deadlines, notices);
  }

  /** Projects {@code groups} (one transaction each) on a fresh database; returns its read models. */
  private List<List<String>> project(DatabaseVendor vendor, String name, List<List<EventEnvelope<Object>>> groups)
      throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir.resolve(name)); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection()) {
        for (String lead : List.of("lead-1", "lead-2")) {
          exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at, updated_at, escalation_level)"
              + " VALUES ('" + lead + "', 'ASSIGNED', '华东', 'normal', 1, 1, 0)");
          exec(c, "INSERT INTO deadline_index (lead_id, step, kind, due_at) VALUES ('" + lead + "', 0, 'REMIND', 100000),"
              + " ('" + lead + "', 1, 'ESCALATE_MANAGER', 200000), ('" + lead + "', 2, 'BREACH', 300000)");
        }
      }
      LeadProjectionHandler handler = new LeadProjectionHandler(Duration.ofSeconds(5));
      for (List<EventEnvelope<Object>> group : groups) {
        PlainJdbcSession session = new PlainJdbcSession(db.dataSource());
        try {
          handler.process(session, group);
          session.commit();
        } finally {
          session.close();
        }
      }
      List<List<String>> out = new ArrayList<>(rows(db, "SELECT lead_id, status, escalation_level, breached,"
          + " window_start, next_due_at, next_action FROM lead_index ORDER BY lead_id"));
      out.add(rows(db, "SELECT idempotency_key FROM outbox ORDER BY idempotency_key").stream().map(r -> r.get(0)).toList());
      out.add(rows(db, "SELECT lead_id, step FROM deadline_index ORDER BY lead_id, step").stream()
          .map(r -> String.join(":", r)).toList());
      out.add(rows(db, "SELECT lead_id, status, close_reason, opportunity_id, closed_at FROM lead_index"
          + " WHERE close_reason IS NOT NULL").stream().map(r -> String.join(":", r)).toList());
      // Every column of every lead row (a new lead received and assigned in one group is one INSERT: it must end as the UPDATE left it).
      out.add(rows(db, "SELECT * FROM lead_index ORDER BY lead_id").stream().map(r -> String.join(":", r)).toList());
      out.add(rows(db, "SELECT kind, entity_id, change, rep_id, prev_rep_id, region, at FROM live_change ORDER BY id")
          .stream().map(r -> String.join(":", r)).toList());
      return out;
    }
  }

  private static Deadline deadline(int step, SlaAction action, long dueSeconds) {
    return new Deadline(step, action, Instant.ofEpochSecond(dueSeconds));
  }

  private static EventEnvelope<Object> envelope(String leadId, long seqNr, Lead.Event event) {
    return EventEnvelope.create(Offset.sequence(seqNr), "Lead|" + leadId, seqNr, event, 0L);
  }

  /** The rows of {@code sql}, each value as text. */
  private static List<List<String>> rows(Database db, String sql) {
    return Sql.rows(db.dataSource(), sql).stream().map(r -> r.stream().map(String::valueOf).toList()).toList();
  }
}
