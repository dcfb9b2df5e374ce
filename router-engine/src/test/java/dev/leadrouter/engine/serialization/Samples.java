package dev.leadrouter.engine.serialization;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.CleanLeadV1;
import dev.leadrouter.engine.intake.CleanLeadV2;
import dev.leadrouter.engine.intake.HealthScore;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.dedup.ContactKey;
import dev.leadrouter.engine.dedup.IntakeKey;
import dev.leadrouter.engine.lead.Assignment;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.LeadData;
import dev.leadrouter.engine.lead.LeadState;
import dev.leadrouter.engine.lead.LeadView;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.lead.Ownership;
import dev.leadrouter.engine.lead.Response;
import dev.leadrouter.engine.lead.LeadSla;
import dev.leadrouter.engine.vocab.TimelineEntry;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV2;
import dev.leadrouter.engine.lead.legacy.LeadQueuedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV2;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV1;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV2;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.opportunity.OpportunityState;
import dev.leadrouter.engine.opportunity.OpportunityView;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV3;
import dev.leadrouter.engine.org.OrgChart;
import java.math.BigDecimal;
import dev.leadrouter.engine.org.OrgChartStore;
import dev.leadrouter.engine.org.OrgChartV1;
import dev.leadrouter.engine.org.QuietHours;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.Candidate;
import dev.leadrouter.engine.routing.RoutingCriteria;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.LocalDate;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fully populated instance of every class Kryo writes. Fixed values only: the persisted samples
 * are the source of the golden bytes, so changing a value here means regenerating those files.
 */
final class Samples {

  private Samples() {}

  static final Instant T0 = Instant.parse("2026-11-24T10:15:30.123Z");
  static final Instant T1 = Instant.parse("2026-11-24T10:16:01.456Z");
  static final Instant T2 = Instant.parse("2026-11-24T10:31:30.789Z");

  static final RegionInfo REGION = new RegionInfo("华东", "江苏省", "苏州市", "CN");
  static final Budget BUDGET = new Budget(500_000L, 2_000_000L, "CNY", false);
  static final LeadInput.Utm UTM = new LeadInput.Utm("baidu", "cpc", "spring-2026", "banner-a", "crm 软件");
  static final CleanLeadV1 CLEAN_LEAD_V1 = new CleanLeadV1("web-form", "evt-0001", "张三",
      List.of("+8613800138000", "+8613900139000"), List.of("zhang.san@example.cn", "z3@example.com"),
      "苏州精密制造有限公司", REGION, "制造", BUDGET, "50-200万", "high", UTM, "203.0.113.7",
      List.of("PHONE_MASKED", "INDUSTRY_MISSING"));
  static final CleanLeadV2 CLEAN_LEAD_V2 = new CleanLeadV2("web-form", "evt-0001", "张", null, "老师", List.of("高三数学"),
      List.of("+8613800138000", "+862161234567"), Map.of("+862161234567", "8012"),
      List.of("zhang.san@example.cn", "z3@example.com"), "苏州精密制造有限公司", REGION, "工业自动化", BUDGET,
      "50-200万", "high", UTM, "203.0.113.7", Map.of("gclid", "Cj0KCQ"), List.of("PHONE_EXTENSION"));
  static final CleanLead CLEAN_LEAD = new CleanLead("web-form", "evt-0001", "张", "Dr.", "老师", "Zhang Wei", "张小明",
      List.of("高三数学"), List.of("+8613800138000", "+862161234567"), Map.of("+862161234567", "8012"),
      List.of("zhang.san@example.cn", "z3@example.com"), "苏州精密制造有限公司", REGION, "工业自动化", BUDGET,
      "50-200万", "high", UTM, "203.0.113.7", Map.of("gclid", "Cj0KCQ"), List.of("PHONE_EXTENSION", "CURRENCY_ASSUMED"),
      Map.of("company", "hubspot"));
  static final LeadInput LEAD_INPUT = new LeadInput("web-form", "evt-0001", "张三", "13800138000",
      "zhang.san@example.cn", "苏州精密制造有限公司", "苏州工业园区", "制造", "50-200万", "high", UTM,
      "203.0.113.7", "call after 6pm", Map.of("size", "200", "vip", "true"));

  static final RoutingCriteria CRITERIA = new RoutingCriteria("华东", "制造", "50-200万");
  static final List<Candidate> CANDIDATES = List.of(
      new Candidate("rep-1", true, "chosen by rule region+industry+budget: 1/5 open"),
      new Candidate("rep-2", false, "at capacity 5/5"),
      new Candidate("rep-3", false, "away"));
  static final RoutingDecisionV1 DECISION_V1 = new RoutingDecisionV1("rep-1", "region+industry+budget", CANDIDATES);
  static final RoutingDecision DECISION = new RoutingDecision("rep-1", "east-saas", CANDIDATES, RoutingDecision.ASSIGNED,
      "weighted", "Went to 赵一 by rule 'east-saas' (weighted, 1 eligible of 3); 钱二 is at capacity 5/5.",
      List.of(new RoutingDecision.Step("unplaced", "conditions not met: region is 华东, not one of [未知, 境外]"),
          new RoutingDecision.Step("east-saas", "matched: weighted, 1 eligible of 3, went to 赵一")),
      null, null, 4);
  static final RoutingDecision WAITING = new RoutingDecision(null, "east-saas", CANDIDATES, RoutingDecision.WAIT,
      "roundRobin", "Waiting until 14:00 for the first candidate to return: 赵一 is away until 14:00.", List.of(),
      T2, null, 4);
  /** Single-entry maps: a map of several entries iterates (and so serializes) in a per-JVM order. */
  static final LeadFacts FACTS = new LeadFacts("web-form", "high", "工业自动化", REGION, BUDGET, "50-200万",
      "苏州精密制造有限公司", List.of("vip", "trade-show"), Map.of("campaign", "2026-spring"), Map.of("gclid", "Cj0KCQ"),
      "rep-9");
  static final RepWorkload WORKLOAD = new RepWorkload(3, T1.toEpochMilli(), LocalDate.parse("2026-11-24"), 7, 2);
  static final List<Deadline> DEADLINES = List.of(
      new Deadline(0, SlaAction.REMIND, Instant.parse("2026-11-24T10:30:30.123Z")),
      new Deadline(1, SlaAction.ESCALATE_MANAGER, Instant.parse("2026-11-24T10:45:30.123Z")),
      new Deadline(2, SlaAction.ESCALATE_DIRECTOR, Instant.parse("2026-11-24T11:15:30.123Z")));
  static final List<SlaStep> STEPS = List.of(
      new SlaStep(0, SlaAction.REMIND, SlaStep.ACKNOWLEDGED, "", List.of("app", "voice"), 900_000L),
      new SlaStep(1, SlaAction.COPY, SlaStep.CONTACTED, "ops-1", List.of("email", "wecom"), 1_800_000L));
  static final DocumentStore.Version SLA_VERSION = new DocumentStore.Version(1, "seed", T0, "{\"policies\":[]}");
  static final List<Notice> NOTICES = List.of(
      new Notice("mgr-1", "manager", "wecom", Notice.ESCALATION),
      new Notice("mgr-1", "manager", "app", Notice.ESCALATION),
      new Notice("dir-1", "director", "email", Notice.ESCALATION_COPY));
  static final List<TimelineEntry> TIMELINE = List.of(
      new TimelineEntry(T0, "RECEIVED", "from web-form"),
      new TimelineEntry(T1, "ASSIGNED", "rep-1 by rule region+industry+budget"),
      new TimelineEntry(T2, "ACKNOWLEDGED", "by rep-1 after 929333 ms"));

  /** The chart as first persisted (ids 500-503): the golden bytes of the events and states holding it. */
  static final OrgChartV1 CHART_V1 = new OrgChartV1(
      List.of(new OrgChartV1.Region("华东", "mgr-1"), new OrgChartV1.Region("华南", "mgr-2")),
      List.of(new OrgChartV1.Team("team-east", "East", "mgr-1"), new OrgChartV1.Team("team-south", "South", "mgr-2")),
      List.of(
          new OrgChartV1.Person("dir-1", "李总", OrgChart.DIRECTOR, "ceo-1", "team-east", List.of("华东", "华南"),
              List.of("制造", "零售"), List.of("50-200万", ">200万"), 0, OrgChart.AVAILABLE, "li@example.cn",
              List.of("email", "app")),
          new OrgChartV1.Person("mgr-1", "王经理", OrgChart.MANAGER, "dir-1", "team-east", List.of("华东", "华南"),
              List.of("制造", "零售"), List.of("<50万", "面议"), 2, OrgChart.AVAILABLE, "wang@example.cn",
              List.of("wecom", "email")),
          new OrgChartV1.Person("rep-1", "赵一", OrgChart.REP, "mgr-1", "team-east", List.of("华东", "华南"),
              List.of("制造", "零售"), List.of("50-200万", "面议"), 5, OrgChart.AVAILABLE, "zhao@example.cn",
              List.of("app", "sms")),
          new OrgChartV1.Person("rep-2", "钱二", OrgChart.REP, "mgr-1", "team-south", List.of("华南", "华东"),
              List.of("零售", "教育"), List.of("<50万", "50-200万"), 3, OrgChart.AWAY, "qian@example.cn",
              List.of("dingtalk", "feishu"))));

  /** Today's chart: crosses nodes in messages, persisted only as JSON text. */
  static final QuietHours QUIET = new QuietHours("22:00", "08:00", "Asia/Shanghai");
  static final OrgChart CHART = new OrgChart(
      List.of(new OrgChart.Region("华东", "mgr-1"), new OrgChart.Region("华南", "mgr-2")),
      List.of(new OrgChart.Team("team-east", "East", "mgr-1"), new OrgChart.Team("team-south", "South", "mgr-2")),
      List.of(
          new OrgChart.Person("mgr-1", "王经理", OrgChart.MANAGER, "dir-1", "team-east", List.of("华东", "华南"),
              List.of("制造", "零售"), List.of("<50万", "面议"), 2, OrgChart.AVAILABLE, "wang@example.cn",
              List.of("wecom", "email"), "+8613900139000", QUIET, "cn-mainland"),
          new OrgChart.Person("rep-1", "赵一", OrgChart.REP, "mgr-1", "team-east", List.of("华东", "华南"),
              List.of("制造", "零售"), List.of("50-200万", "面议"), 5, OrgChart.AVAILABLE, "zhao@example.cn",
              List.of("app", "sms"), "+8613800138000", new QuietHours("12:00", "13:30", "Asia/Shanghai"),
              "cn-mainland")));

  /**
   * A stored chart as {@code ConfigJson} text: a fixed string, not written from {@link #CHART}, so the
   * golden bytes of the events and states holding it do not change when the chart gains a field.
   */
  static final String CHART_JSON = """
      {"regions":[{"name":"华东","managerId":"mgr-1"},{"name":"华南","managerId":"mgr-2"}],\
      "teams":[{"id":"team-east","name":"East","managerId":"mgr-1"}],\
      "people":[{"id":"rep-1","name":"赵一","role":"rep","managerId":"mgr-1","team":"team-east",\
      "regions":["华东"],"industries":[],"budgetBands":[],"capacity":5,"availability":"available",\
      "channels":["app","sms"],"mobile":"+8613800138000",\
      "quietHours":{"from":"22:00","to":"08:00","zone":"Asia/Shanghai"},"calendar":"cn-mainland"}]}""";

  static final RoutingPool.QueuedLead QUEUED_1 = new RoutingPool.QueuedLead("lead-1", CRITERIA, T0, T1);
  static final RoutingPool.QueuedLead QUEUED_2 =
      new RoutingPool.QueuedLead("lead-2", new RoutingCriteria("华南", "零售", "<50万"), T1, T2);
  static final RoutingPool.QueuedLeadV2 QUEUED_V2 =
      new RoutingPool.QueuedLeadV2("lead-3", FACTS, T1, T2, List.of("rep-2", "rep-4"));
  static final RoutingPool.QueuedLeadV2 QUEUED_V2_B =
      new RoutingPool.QueuedLeadV2("lead-4", FACTS.withPreviousOwner(null), T2, T2, List.of());
  static final String LEDGER_JSON = "{\"version\":2,\"groups\":{\"pool:p\":{\"lastChosen\":\"rep-1\",\"lastIndex\":0,"
      + "\"members\":{\"rep-1\":{\"count\":1,\"received\":1,\"eligible\":true}}}}}";
  static final Assignment ASSIGNMENT = new Assignment("rep-1", T1, DECISION);
  static final Rejected REJECTED = new Rejected(Rejected.Code.INVALID, "bad chart",
      List.of(new FieldError("/people/0/role", "unknown role"), new FieldError("/regions/1/name", "duplicate")));

  static final BigDecimal AMOUNT = new BigDecimal("1200000.50");
  static final OpportunityProtocol.LeadLink LINK = new OpportunityProtocol.LeadLink("lead-1", "张", "苏州精密制造有限公司",
      List.of("+8613800138000", "+862161234567"), List.of("zhang.san@example.cn", "z3@example.com"), "rep-1", "华东",
      "江苏省", "苏州市", "web-form");
  static final List<OpportunityProtocol.Evidence> EVIDENCE = List.of(
      new OpportunityProtocol.Evidence("recording", "https://files.example.cn/rec/1.mp3",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "completed", 1860),
      new OpportunityProtocol.Evidence("e_signature", "https://esign.example.cn/c/77", "sha256:2c26b46b", "signed", 0));
  static final OpportunityProtocol.ActionInput ACTION = new OpportunityProtocol.ActionInput("solution_demo", T1,
      "customer asked for a quote", "demo of line 3", EVIDENCE);
  static final OpportunityView.Action RECORDED_ACTION = new OpportunityView.Action("act-1", "solution_demo", T1, T2,
      "rep-1", "customer asked for a quote", "demo of line 3", EVIDENCE, true, "'solution_demo' is a valid action of pipeline 'default'");

  /** The persisted classes — every event and every snapshot state — each with its golden sample. */
  static Map<Class<?>, Object> persisted() {
    Map<Class<?>, Object> out = new LinkedHashMap<>();
    put(out, new LeadReceivedV1("lead-1", T0, CLEAN_LEAD_V1, "call after 6pm"));
    put(out, new LeadReceivedV2("lead-1", T0, CLEAN_LEAD_V2, "call after 6pm"));
    put(out, new Lead.LeadReceived("lead-1", T0, CLEAN_LEAD, "call after 6pm"));
    put(out, new LeadQueuedV1(T0, "华东", DECISION_V1, NOTICES));
    put(out, new LeadAssignedV1(T1, "rep-1", DECISION_V1, "standard", DEADLINES));
    put(out, new Lead.AssignmentRevoked(T1, "rep-2", "at capacity 5/5"));
    put(out, new Lead.ReminderSent(T2, DEADLINES.get(0), NOTICES));
    put(out, new Lead.LeadEscalated(T2, DEADLINES.get(1), 1, NOTICES));
    put(out, new Lead.LeadAcknowledged(T2, "rep-1", 929_333L));
    put(out, new Lead.LeadClosed(T2, "rep-1", "won"));
    put(out, new LeadAssignedV2(T1, "rep-1", DECISION_V1, "standard", 3, "calendar:cn-office", STEPS, DEADLINES,
        NOTICES));
    put(out, new Lead.LeadAssigned(T1, "rep-1", DECISION, "standard", 3, "calendar:cn-office", STEPS, DEADLINES,
        NOTICES));
    put(out, new Lead.LeadQueued(T0, "华东", WAITING, NOTICES));
    put(out, new Lead.AssignmentWithdrawn(T2, "rep-1", "deactivated in the org chart", NOTICES));
    put(out, new Lead.ContactReturned(T0, "lead-0"));
    put(out, new Lead.LeadNotRouted(T0, "imported without routing"));
    put(out, new Lead.LeadHeld(T1, "mgr-1", "customer travelling until Monday"));
    put(out, new LeadTouchedV1(T2, CLEAN_LEAD_V1));
    put(out, new LeadTouchedV2(T2, CLEAN_LEAD_V2));
    put(out, new LeadTouchedV3(T2, CLEAN_LEAD));
    put(out, new Lead.LeadTouched(T2, CLEAN_LEAD, CLEAN_LEAD));
    put(out, new ContactKey.ContactClaimed("lead-1", T1));
    put(out, new ContactKey.State("lead-1", T1));
    put(out, new Lead.LeadResumed(T2, "rep-1", DEADLINES));
    put(out, new Lead.LeadContacted(T2, "rep-1"));
    put(out, new Lead.LeadReassigned(T2, "rep-1", DEADLINES.get(2), NOTICES));
    put(out, new Lead.SlaStepFired(T2, DEADLINES.get(1), NOTICES));
    put(out, new Rep.LeadReserved("lead-1", T1, "华东"));
    put(out, new Rep.LeadReleased("lead-1", T2));
    put(out, new Rep.State(List.of(new Rep.OpenLead("lead-1", "华东"), new Rep.OpenLead("lead-2", "华南")),
        T1.toEpochMilli()));
    put(out, new RoutingPool.LeadEnqueued(QUEUED_1));
    put(out, new RoutingPool.LeadDequeued("lead-1", T2));
    put(out, new RoutingPool.State(List.of(QUEUED_1, QUEUED_2)));
    put(out, new RoutingPool.LeadEnqueuedV2(QUEUED_V2));
    put(out, new RoutingPool.StateV2(List.of(QUEUED_V2, QUEUED_V2_B)));
    put(out, new RoutingLedger.LedgerSaved(LEDGER_JSON, 2));
    put(out, new RoutingLedger.State(LEDGER_JSON, 2));
    put(out, new Rep.LeadReservedV2("lead-1", T1, "华东", LocalDate.parse("2026-11-24")));
    put(out, new Rep.AckBreachCounted("lead-1", T2));
    put(out, new Rep.StreakEnded("lead-2", T2));
    put(out, new Rep.RotationRestored("mgr-1", T2));
    put(out, new Rep.StateV2(List.of(new Rep.OpenLead("lead-1", "华东"), new Rep.OpenLead("lead-2", "华南")), T1.toEpochMilli(), LocalDate.parse("2026-11-24"),
        7, 2, List.of("lead-8", "lead-9"), "mgr-1", T0));
    put(out, new OrgChartStore.OrgChartReplaced(CHART_V1, "ops@example.cn", T0));
    put(out, new OrgChartStore.State(CHART_V1, 3));
    put(out, new OrgChartStore.OrgChartStored(CHART_JSON, "ops@example.cn", T0));
    put(out, new OrgChartStore.StateV2(CHART_JSON, 3));
    put(out, new IntakeKey.KeyClaimed("lead-1", "sha256:9f86d081884c7d659a2feaa0c55ad015", T0));
    put(out, new IntakeKey.State("lead-1", "sha256:9f86d081884c7d659a2feaa0c55ad015"));
    put(out, new DocumentStore.DocumentReplaced("{\"policies\":[]}", "ops@example.cn", T0));
    put(out, new Lead.LeadConverted(T2, "rep-1", "opp-lead-1", "苏州精密 产线改造", AMOUNT, "CNY", "default"));
    put(out, new OpportunityProtocol.OpportunityOpened("opp-lead-1", T0, LINK, "rep-1", "苏州精密 产线改造", AMOUNT, "CNY",
        "default", 2, "qualification", T1, T2));
    put(out, new OpportunityProtocol.ActionRecorded(T2, "act-1", ACTION, "rep-1", true,
        "'solution_demo' is a valid action of pipeline 'default'", T2));
    put(out, new OpportunityProtocol.StageChanged(T2, "mgr-1", "negotiation", "won",
        List.of("payment_terms_agreed", "invoice_type_confirmed"), "contract signed", T1, T2));
    put(out, new OpportunityProtocol.Downgraded(T2, "quote", "solution_demo", T0, T1, T2, NOTICES));
    put(out, new OpportunityProtocol.SilentWarned(T2, "solution_demo", "last actions: note at " + T1, T1, NOTICES));
    put(out, new OpportunityProtocol.Snoozed(T1, "mgr-1", T2, "customer on holiday", T2));
    put(out, new DocumentStore.State(List.of(SLA_VERSION, new DocumentStore.Version(2, "ops-2", T1, "{}"))));
    return out;
  }

  /** Registered engine classes that are not persisted but cross nodes: samples without ActorRefs. */
  static Map<Class<?>, Object> messages() {
    Map<Class<?>, Object> out = new LinkedHashMap<>();
    put(out, REJECTED.errors().get(0));
    put(out, REJECTED);
    put(out, Rejected.Code.CONFLICT);
    put(out, LEAD_INPUT);
    put(out, UTM);
    put(out, CLEAN_LEAD);
    put(out, CLEAN_LEAD_V1);
    put(out, CLEAN_LEAD_V2);
    put(out, REGION);
    put(out, BUDGET);
    put(out, CRITERIA);
    put(out, CANDIDATES.get(1));
    put(out, WORKLOAD);
    put(out, DECISION);
    put(out, new RoutingPool.Route("lead-1", FACTS, T0, List.of("rep-2", "rep-3")));
    put(out, new RoutingPool.OfferDeclined("lead-1", "rep-1"));
    put(out, new RoutingPool.Forget("lead-1"));
    put(out, new RoutingPool.LeadTaken("lead-1"));
    put(out, new RoutingPool.RepChanged("rep-1", "lead-1", WORKLOAD, false));
    put(out, new RoutingPool.OrgChanged(CHART));
    put(out, new RoutingPool.QueueView("华东", List.of(QUEUED_V2)));
    put(out, QUEUED_1);
    put(out, new RoutingPool.LoadReported("rep-1", WORKLOAD));
    put(out, QUEUED_V2);
    put(out, new RoutingPool.LedgerView("华东", LEDGER_JSON, 2));
    put(out, new RoutingPool.LedgerLoaded(LEDGER_JSON, false));
    put(out, new RoutingPool.LedgerStored(2));
    put(out, new RoutingPool.SaveLedger());
    put(out, new RoutingPool.Stop());
    put(out, new Lead.Passivate());
    put(out, new Rep.Passivate());
    put(out, new OpportunityProtocol.Passivate());
    put(out, new RoutingLedger.Passivate());
    put(out, new DocumentStore.Passivate());
    put(out, new RoutingLedger.Saved(2));
    put(out, new RoutingLedger.Loaded(LEDGER_JSON));
    put(out, new RoutingPool.Workloads(Map.of("rep-1", WORKLOAD)));
    put(out, DECISION_V1);
    put(out, DECISION.path().get(0));
    put(out, FACTS);
    put(out, new Rep.Status("rep-1", 3, LocalDate.parse("2026-11-24"), 7, 2, List.of("lead-8", "lead-9"), "mgr-1", T0));
    put(out, new Rep.AckBreached("lead-1"));
    put(out, new Rep.AckInTime("lead-1"));
    put(out, new Rep.Deactivate("deactivated in the org chart"));
    put(out, new Lead.Withdraw("rep-1", "deactivated in the org chart"));
    put(out, new RoutingPool.InitDone());
    put(out, new RoutingPool.Tick());
    put(out, DEADLINES.get(2));
    put(out, SlaAction.ESCALATE_DIRECTOR);
    put(out, CHART);
    put(out, CHART.regions().get(0));
    put(out, CHART.teams().get(0));
    put(out, CHART.people().get(1));
    put(out, QUIET);
    put(out, CHART_V1);
    put(out, CHART_V1.regions().get(0));
    put(out, CHART_V1.teams().get(0));
    put(out, CHART_V1.people().get(2));
    put(out, NOTICES.get(0));
    put(out, new Lead.Offer(DECISION));
    put(out, new Lead.Enqueue(DECISION, NOTICES));
    put(out, new Lead.ReservationResult("rep-1", false, "at capacity 5/5"));
    put(out, new Lead.Woken("lead-1", 1));
    put(out, new Lead.Accepted("lead-1", Lead.Status.RECEIVED));
    put(out, new Lead.Acknowledged("lead-1", T2, 929_333L));
    put(out, new Lead.Closed("lead-1", T2));
    put(out, new Lead.Refused(REJECTED));
    put(out, new Lead.Found(view()));
    put(out, TIMELINE.get(1));
    put(out, ASSIGNMENT);
    put(out, Lead.Status.QUEUED);
    put(out, view());
    put(out, view().contact());
    put(out, view().health());
    put(out, view().sources().get(0));
    put(out, view().assignment());
    put(out, view().sla());
    put(out, view().sla().deadlines().get(0));
    put(out, new IntakeKey.Claimed("lead-1", false, true));
    put(out, new Rep.Reserve("lead-1", 5, "华东"));
    put(out, new Rep.Release("lead-1"));
    put(out, new Rep.OpenLead("lead-1", "华东"));
    LeadData data = new LeadData(T0, CLEAN_LEAD,
        List.of(new LeadView.SourceTouch("web-form", "evt-0001", T0), new LeadView.SourceTouch("api", "evt-9", T1)),
        "lead-0");
    Ownership ownership = new Ownership(ASSIGNMENT, WAITING, List.of("rep-2", "rep-3"));
    LeadSla sla = new LeadSla("standard", STEPS, "wall", DEADLINES, 2, true, T1, "travelling");
    Response response = new Response(T2, 929_333L, T2,
        new Lead.LeadConverted(T2, "rep-1", "opp-lead-1", "产线改造", AMOUNT, "CNY", "default"));
    put(out, data);
    put(out, ownership);
    put(out, sla);
    put(out, response);
    put(out, new LeadState("lead-1", Lead.Status.ACKNOWLEDGED, data, ownership, sla, response, TIMELINE));
    put(out, new ContactKey.Point("lead-2"));
    put(out, new ContactKey.Owner("lead-2", "lead-1"));
    put(out, new Lead.OwnerIs("lead-1", "rep-1"));
    put(out, new Lead.RouteWith("rep-1"));
    put(out, new Lead.SlaChanged("lead-1", Lead.Status.CONTACTED, false, T2));
    put(out, STEPS.get(1));
    put(out, new DocumentStore.Replaced(2));
    put(out, new DocumentStore.Stale(3));
    put(out, new DocumentStore.Invalid(REJECTED.errors()));
    put(out, SLA_VERSION);
    put(out, new DocumentStore.Versions(List.of(SLA_VERSION)));
    put(out, new DocumentStore.Published("sla", 2, "{}"));
    put(out, new Lead.Converted("lead-1", "opp-lead-1", "qualification"));
    put(out, new Lead.Assigned("lead-1", "rep-2", T2, "rep-1"));
    put(out, new RoutingPool.HandAnswer(RoutingDecision.manual("rep-2", "mgr-1", "available", 2), null));
    put(out, new OpportunityProtocol.Opened("opp-lead-1", "qualification"));
    put(out, new OpportunityProtocol.ActionAccepted("act-2", false, "'note' never counts as progress"));
    put(out, new OpportunityProtocol.Found(opportunityView()));
    put(out, new OpportunityProtocol.StageRefused("moving to won lacks 2 item(s)", List.of(
        OpportunityProtocol.Missing.evidence("contract_signed", "e_signature"),
        OpportunityProtocol.Missing.checklist("payment_terms_agreed"))));
    put(out, new OpportunityProtocol.Refused(REJECTED));
    put(out, new OpportunityProtocol.Woken("opp-lead-1", 1));
    put(out, LINK);
    put(out, EVIDENCE.get(0));
    put(out, ACTION);
    put(out, OpportunityProtocol.Missing.checklist("delivery_date_agreed"));
    put(out, opportunityView());
    put(out, RECORDED_ACTION);
    OpportunityState.Deal deal = new OpportunityState.Deal(LINK, "产线改造", AMOUNT, "CNY", "default", 2, T0, "rep-1");
    OpportunityState.Progress progress = new OpportunityState.Progress("solution_demo", T1, T1, T2);
    OpportunityState.Deadlines deadlines = new OpportunityState.Deadlines(T2, T2, T1);
    put(out, deal);
    put(out, progress);
    put(out, deadlines);
    put(out, new OpportunityState("opp-lead-1", deal, progress, deadlines, List.of(RECORDED_ACTION), TIMELINE));
    return out;
  }

  static OpportunityView opportunityView() {
    return new OpportunityView("opp-lead-1", "lead-1", "产线改造", "rep-1", "华东", "web-form", "default", "solution_demo",
        T1, T1, T2, null, null, AMOUNT, "CNY", T0, List.of(RECORDED_ACTION), TIMELINE);
  }

  static LeadView view() {
    return new LeadView("lead-1", "ASSIGNED", T0,
        new LeadView.Contact("张", "张老师", null, "老师", "Zhang Wei", "张小明", List.of("高三数学"), CLEAN_LEAD.phones(),
            CLEAN_LEAD.phoneExtensions(), CLEAN_LEAD.emails(), "苏州精密制造有限公司"),
        REGION, "制造", BUDGET, "50-200万", "high", UTM, "203.0.113.7", CLEAN_LEAD.flags(), List.of("vip"),
        Map.of("gclid", "Cj0KCQ"),
        new HealthScore(78, 1.0, 0.8, 0.4, 1.0),
        List.of(new LeadView.SourceTouch("web-form", "evt-0001", T0), new LeadView.SourceTouch("api", "evt-9", T1)),
        Map.of("company", "api"),
        new LeadView.AssignmentView("rep-1", T1, "region+industry+budget", CANDIDATES), DECISION,
        new LeadView.SlaView("ESCALATED", "standard", "wall",
            List.of(new LeadView.DeadlineView("REMIND", "acknowledged", DEADLINES.get(0).dueAt(), -1_000L),
                new LeadView.DeadlineView("ESCALATE_MANAGER", "contacted", DEADLINES.get(1).dueAt(), 899_000L)),
            1, true, T1, "travelling", T2, 929_333L, T2),
        TIMELINE);
  }

  /** Registered engine classes whose samples need an ActorRef (covered by {@code KryoSerializerTest}). */
  static final List<Class<?>> WITH_ACTOR_REF = List.of(
      RoutingPool.GetQueue.class, RoutingPool.Preview.class,
      Lead.Receive.class, Lead.Get.class, Lead.Acknowledge.class, Lead.Close.class,
      IntakeKey.Claim.class, Rep.GetLoad.class, Rep.GetStatus.class, Rep.RestoreRotation.class, RoutingPool.GetLedger.class,
      RoutingPool.GetWorkloads.class, Lead.GetOwner.class, RoutingLedger.Save.class, RoutingLedger.Load.class,
      Lead.Hold.class, Lead.Resume.class, Lead.RecordContact.class, Lead.Touch.class, Lead.Wake.class, ContactKey.Claim.class,
      DocumentStore.Get.class, DocumentStore.GetVersions.class, DocumentStore.Seed.class, DocumentStore.Replace.class,
      Lead.Convert.class, Lead.OpportunityAnswered.class, Lead.Assign.class, Lead.HandAnswered.class,
      RoutingPool.AssignByHand.class, OpportunityProtocol.Open.class,
      OpportunityProtocol.RecordAction.class, OpportunityProtocol.MoveStage.class, OpportunityProtocol.Snooze.class,
      OpportunityProtocol.Get.class, OpportunityProtocol.Wake.class);

  private static void put(Map<Class<?>, Object> out, Object sample) {
    Class<?> type = sample.getClass().isEnum() ? ((Enum<?>) sample).getDeclaringClass() : sample.getClass();
    if (out.put(type, sample) != null) throw new IllegalStateException("two samples of " + type);
  }

  /** "Lead.LeadAssigned" for dev.leadrouter.engine.lead.Lead$LeadAssigned. */
  static String simpleNameWithOuter(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }
}
