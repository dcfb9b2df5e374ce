package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.Notice;
import static dev.leadrouter.engine.org.People.director;
import static dev.leadrouter.engine.org.People.manager;
import static dev.leadrouter.engine.org.People.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Region;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticesTest {

  private static final String EAST = "华东";

  private static final OrgChart CHART = new OrgChart(
      List.of(new Region(EAST, "m1")),
      List.of(),
      List.of(
          director("d1").channels("email", "app").build(),
          director("d2").channels("sms").build(),
          manager("m1").managedBy("d1").channels("app", "wecom").build(),
          manager("m2").managedBy("d2").channels("dingtalk").build(),
          rep("r1").managedBy("m1").channels("app", "sms").build(),
          rep("orphan").build(),
          rep("direct").managedBy("d1").build()));

  private static Notice n(String who, String role, String channel, String kind) {
    return new Notice(who, role, channel, kind);
  }

  private static SlaStep step(SlaAction action) {
    return step(action, "", List.of());
  }

  private static SlaStep step(SlaAction action, String target, List<String> channels) {
    return new SlaStep(0, action, SlaStep.ACKNOWLEDGED, target, channels, 60_000);
  }

  @Test
  void remindTellsTheRepOnEachOfTheirChannels() {
    assertEquals(List.of(n("r1", "rep", "app", Notice.REMINDER), n("r1", "rep", "sms", Notice.REMINDER)),
        Notices.forStep(CHART, step(SlaAction.REMIND), "r1", EAST));
  }

  @Test
  void escalateManagerTellsTheManagerOnEachChannelAndCopiesTheDirectorByEmail() {
    assertEquals(List.of(
            n("m1", "manager", "app", Notice.ESCALATION),
            n("m1", "manager", "wecom", Notice.ESCALATION),
            n("d1", "director", "email", Notice.ESCALATION_COPY)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "r1", EAST));
  }

  @Test
  void escalateDirectorTellsTheDirectorAboveTheRep() {
    assertEquals(List.of(n("d1", "director", "email", Notice.ESCALATION), n("d1", "director", "app", Notice.ESCALATION)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_DIRECTOR), "r1", EAST));
  }

  @Test
  void aRepManagedByADirectorEscalatesToThemOnceWithoutACopy() {
    assertEquals(List.of(n("d1", "manager", "email", Notice.ESCALATION), n("d1", "manager", "app", Notice.ESCALATION)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "direct", EAST));
  }

  @Test
  void aRepWithNoManagerEscalatesToTheRegionManager() {
    List<Notice> notices = Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "orphan", EAST);

    assertEquals(List.of(n("m1", "manager", "app", Notice.ESCALATION), n("m1", "manager", "wecom", Notice.ESCALATION)),
        notices.stream().filter(x -> x.kind().equals(Notice.ESCALATION)).toList());
  }

  @Test
  void aRepNoLongerInTheChartEscalatesToTheRegionManager() {
    List<Notice> notices = Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "gone", EAST);

    assertEquals(List.of(n("m1", "manager", "app", Notice.ESCALATION), n("m1", "manager", "wecom", Notice.ESCALATION)),
        notices.stream().filter(x -> x.kind().equals(Notice.ESCALATION)).toList());
  }

  @Test
  void theRegionManagerFallbackStillCopiesTheDirectorAboveThatManager() {
    assertEquals(List.of(
            n("m1", "manager", "app", Notice.ESCALATION),
            n("m1", "manager", "wecom", Notice.ESCALATION),
            n("d1", "director", "email", Notice.ESCALATION_COPY)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "orphan", EAST));
  }

  @Test
  void withNoManagerAnywhereEveryDirectorIsTold() {
    assertEquals(List.of(
            n("d1", "director", "email", Notice.ESCALATION),
            n("d1", "director", "app", Notice.ESCALATION),
            n("d2", "director", "sms", Notice.ESCALATION)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "orphan", "未知"));
  }

  @Test
  void escalateDirectorWithNoDirectorAboveTellsEveryDirector() {
    assertEquals(List.of(
            n("d1", "director", "email", Notice.ESCALATION),
            n("d1", "director", "app", Notice.ESCALATION),
            n("d2", "director", "sms", Notice.ESCALATION)),
        Notices.forStep(CHART, step(SlaAction.ESCALATE_DIRECTOR), "orphan", EAST));
  }

  @Test
  void remindingARepNoLongerInTheChartTellsNobody() {
    assertEquals(List.of(), Notices.forStep(CHART, step(SlaAction.REMIND), "gone", EAST));
  }

  @Test
  void fallbackTellsTheRegionManager() {
    assertEquals(List.of(n("m1", "manager", "app", Notice.FALLBACK), n("m1", "manager", "wecom", Notice.FALLBACK)),
        Notices.forFallback(CHART, EAST));
  }

  @Test
  void fallbackInARegionWithoutAManagerTellsEveryDirector() {
    assertEquals(List.of(
            n("d1", "director", "email", Notice.FALLBACK),
            n("d1", "director", "app", Notice.FALLBACK),
            n("d2", "director", "sms", Notice.FALLBACK)),
        Notices.forFallback(CHART, "未知"));
  }

  @Test
  void fallbackWithNobodyToTellIsEmpty() {
    assertEquals(List.of(), Notices.forFallback(OrgChart.empty(), EAST));
  }

  @Test
  void escalationReachesTheManagerOfTheChartPassedIn() {
    OrgChart reorganised = new OrgChart(CHART.regions(), CHART.teams(), CHART.people().stream()
        .map(p -> p.id().equals("r1") ? dev.leadrouter.engine.org.People.of(p).managedBy("m2").build() : p)
        .toList());

    assertEquals(List.of(n("m2", "manager", "dingtalk", Notice.ESCALATION), n("d2", "director", "email", Notice.ESCALATION_COPY)),
        Notices.forStep(reorganised, step(SlaAction.ESCALATE_MANAGER), "r1", EAST));
    assertEquals(List.of(n("d2", "director", "sms", Notice.ESCALATION)),
        Notices.forStep(reorganised, step(SlaAction.ESCALATE_DIRECTOR), "r1", EAST));
    assertEquals("m1", Notices.forStep(CHART, step(SlaAction.ESCALATE_MANAGER), "r1", EAST).get(0).recipientId());
  }

  @Test
  void aStepNamingChannelsOverridesThePersonsOwnChannels() {
    assertEquals(List.of(n("r1", "rep", "voice", Notice.REMINDER)),
        Notices.forStep(CHART, step(SlaAction.REMIND, "", List.of("voice")), "r1", EAST));
  }

  @Test
  void theAssignedRepIsToldOnTheirOwnChannels() {
    assertEquals(List.of(n("r1", "rep", "app", Notice.ASSIGNED), n("r1", "rep", "sms", Notice.ASSIGNED)),
        Notices.forAssignment(CHART, "r1"));
    assertEquals(List.of(), Notices.forAssignment(CHART, "gone"));
  }

  @Test
  void escalateRoleGoesToTheNearestHolderAboveTheRepWithItsLevel() {
    SlaStep toDirector = step(SlaAction.ESCALATE_ROLE, "director", List.of());

    assertEquals(List.of(n("d1", "director", "email", Notice.ESCALATION), n("d1", "director", "app", Notice.ESCALATION)),
        Notices.forStep(CHART, toDirector, "r1", EAST));
    assertEquals(2, Notices.escalationLevel(CHART, toDirector, "r1"));
    assertEquals(1, Notices.escalationLevel(CHART, step(SlaAction.ESCALATE_ROLE, "manager", List.of()), "r1"));
  }

  @Test
  void escalateRoleWithNobodyAboveHoldingItTellsEveryoneHoldingIt() {
    SlaStep toManager = step(SlaAction.ESCALATE_ROLE, "manager", List.of());

    assertEquals(List.of(n("m1", "manager", "app", Notice.ESCALATION), n("m1", "manager", "wecom", Notice.ESCALATION),
        n("m2", "manager", "dingtalk", Notice.ESCALATION)), Notices.forStep(CHART, toManager, "orphan", EAST));
    assertEquals(1, Notices.escalationLevel(CHART, toManager, "orphan"));
  }

  @Test
  void copyGoesToTheNamedPersonAndToNobodyWhenTheyLeft() {
    assertEquals(List.of(n("m2", "copy", "email", Notice.COPY)),
        Notices.forStep(CHART, step(SlaAction.COPY, "m2", List.of("email")), "r1", EAST));
    assertEquals(List.of(), Notices.forStep(CHART, step(SlaAction.COPY, "left-the-company", List.of()), "r1", EAST));
  }

  @Test
  void reassignTellsTheOldRepAndTheirManager() {
    assertEquals(List.of(n("r1", "rep", "app", Notice.REASSIGNED), n("r1", "rep", "sms", Notice.REASSIGNED),
        n("m1", "manager", "app", Notice.REASSIGNED), n("m1", "manager", "wecom", Notice.REASSIGNED)),
        Notices.forStep(CHART, step(SlaAction.REASSIGN), "r1", EAST));
  }

  @Test
  void aBreachTellsTheManagerOnlyWhenTheStepNamesChannels() {
    assertEquals(List.of(), Notices.forStep(CHART, step(SlaAction.BREACH), "r1", EAST));
    assertEquals(List.of(n("m1", "manager", "email", Notice.BREACHED)),
        Notices.forStep(CHART, step(SlaAction.BREACH, "", List.of("email")), "r1", EAST));
  }
}
