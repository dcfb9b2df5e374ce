package dev.leadrouter.engine.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
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
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Every class Kryo may write, with its fixed registration id. The ids are part of the stored format.
 *
 * <p><b>Evolution rule.</b> Records are written component by component (Kryo's record serializer,
 * components in name order, no field tags), so a persisted class — any event, any state, anything
 * they contain — never changes shape once released. To change one, add a new record (say
 * {@code LeadAssignedV2}) under a new id, make the entity write only the new one and keep reading
 * the old one (upcast in the event handler). Ids are never reused; removed classes keep their line
 * as a comment. {@code GoldenBytesTest} holds the bytes of every persisted class and fails when a
 * change would make old journals unreadable.
 */
public final class KryoRegistry {

  private KryoRegistry() {}

  private static final Map<Integer, Class<?>> CLASSES = new LinkedHashMap<>();

  private static void add(int id, Class<?> type) {
    if (CLASSES.put(id, type) != null) throw new IllegalStateException("duplicate Kryo id " + id);
  }

  static {
    // JDK (0-9 are Kryo's own primitives and String)
    add(20, Instant.class);
    add(29, java.time.LocalDate.class);
    add(21, List.of().getClass());
    add(22, List.of(1).getClass());
    add(23, Map.of().getClass());
    add(24, Map.of(1, 1).getClass());
    add(25, Set.of().getClass());
    add(26, Set.of(1).getClass());
    add(27, java.util.ArrayList.class);
    add(28, Collections.emptyList().getClass());
    add(30, java.math.BigDecimal.class);
    // common
    add(100, FieldError.class);
    add(101, Rejected.class);
    add(102, Rejected.Code.class);
    // intake
    add(200, LeadInput.class);
    add(201, LeadInput.Utm.class);
    add(202, CleanLeadV1.class);
    add(203, RegionInfo.class);
    add(204, Budget.class);
    add(205, HealthScore.class);
    add(206, CleanLeadV2.class);
    add(207, CleanLead.class);
    // routing
    add(300, RoutingCriteria.class);
    add(301, Candidate.class);
    // 302: RepLoad (a message, replaced by RepWorkload)
    add(303, RoutingDecisionV1.class);
    add(304, RoutingDecision.class);
    add(305, RoutingDecision.Step.class);
    add(306, LeadFacts.class);
    add(307, RepWorkload.class);
    add(350, RoutingPool.Route.class);
    add(351, RoutingPool.OfferDeclined.class);
    add(352, RoutingPool.Forget.class);
    add(353, RoutingPool.RepChanged.class);
    add(354, RoutingPool.OrgChanged.class);
    add(355, RoutingPool.GetQueue.class);
    add(356, RoutingPool.Preview.class);
    add(357, RoutingPool.QueueView.class);
    add(358, RoutingPool.LeadEnqueued.class);
    add(359, RoutingPool.LeadDequeued.class);
    add(360, RoutingPool.QueuedLead.class);
    add(361, RoutingPool.State.class);
    add(362, RoutingPool.LoadReported.class);
    add(363, RoutingPool.InitDone.class);
    add(364, RoutingPool.Tick.class);
    add(365, RoutingPool.LeadTaken.class);
    add(366, RoutingPool.GetLedger.class);
    add(367, RoutingPool.LedgerView.class);
    add(368, RoutingPool.LedgerLoaded.class);
    add(369, RoutingPool.LeadEnqueuedV2.class);
    add(370, RoutingPool.LedgerStored.class);
    add(371, RoutingPool.QueuedLeadV2.class);
    add(372, RoutingPool.StateV2.class);
    add(373, RoutingPool.GetWorkloads.class);
    add(374, RoutingPool.Workloads.class);
    add(375, RoutingPool.SaveLedger.class);
    add(376, RoutingPool.Stop.class);
    add(377, RoutingPool.AssignByHand.class);
    add(378, RoutingPool.HandAnswer.class);
    add(380, RoutingLedger.Save.class);
    add(381, RoutingLedger.Load.class);
    add(382, RoutingLedger.Saved.class);
    add(383, RoutingLedger.Loaded.class);
    add(384, RoutingLedger.LedgerSaved.class);
    add(385, RoutingLedger.State.class);
    add(386, RoutingLedger.Passivate.class);
    // sla
    add(400, Deadline.class);
    add(401, SlaAction.class);
    add(402, SlaStep.class);
    add(410, DocumentStore.Get.class);
    add(411, DocumentStore.GetVersions.class);
    add(412, DocumentStore.Seed.class);
    add(413, DocumentStore.Replace.class);
    add(414, DocumentStore.Replaced.class);
    add(415, DocumentStore.Invalid.class);
    add(416, DocumentStore.Version.class);
    add(417, DocumentStore.Versions.class);
    add(418, DocumentStore.DocumentReplaced.class);
    add(419, DocumentStore.State.class);
    add(420, DocumentStore.Published.class);
    add(421, DocumentStore.Stale.class);
    add(422, DocumentStore.Passivate.class);
    // org: 500-503 the chart as first persisted (read only); 504-508 today's chart, which crosses
    // nodes but is persisted only as JSON text (ADR 0005), so its shape may change
    add(500, OrgChartV1.class);
    add(501, OrgChartV1.Region.class);
    add(502, OrgChartV1.Team.class);
    add(503, OrgChartV1.Person.class);
    add(504, OrgChart.class);
    add(505, OrgChart.Region.class);
    add(506, OrgChart.Team.class);
    add(507, OrgChart.Person.class);
    add(508, QuietHours.class);
    // 510-514: OrgChartStore.Get, Seed, Replace, Replaced, Invalid (messages of the org chart's own
    // entity; the chart is a DocumentStore kind now, ADR 0013). 515-518: that entity's records, read only
    add(515, OrgChartStore.OrgChartReplaced.class);
    add(516, OrgChartStore.State.class);
    add(517, OrgChartStore.OrgChartStored.class);
    add(518, OrgChartStore.StateV2.class);
    // lead
    add(600, Notice.class);
    add(601, Lead.Receive.class);
    add(602, Lead.Get.class);
    add(603, Lead.Acknowledge.class);
    add(604, Lead.Close.class);
    add(605, Lead.Offer.class);
    add(606, Lead.Enqueue.class);
    add(607, Lead.ReservationResult.class);
    add(608, Lead.Wake.class);
    add(609, Lead.Accepted.class);
    add(610, Lead.Acknowledged.class);
    add(611, Lead.Closed.class);
    add(612, Lead.Refused.class);
    add(613, Lead.Found.class);
    add(614, Lead.Hold.class);
    add(615, Lead.Resume.class);
    add(616, Lead.RecordContact.class);
    add(617, Lead.SlaChanged.class);
    add(618, Lead.Touch.class);
    add(619, Lead.Woken.class);
    add(620, LeadReceivedV1.class);
    add(621, LeadQueuedV1.class);
    add(622, LeadAssignedV1.class);
    add(623, Lead.AssignmentRevoked.class);
    add(624, Lead.ReminderSent.class);
    add(625, Lead.LeadEscalated.class);
    add(626, Lead.LeadAcknowledged.class);
    add(627, Lead.LeadClosed.class);
    add(628, LeadAssignedV2.class);
    add(629, Lead.LeadHeld.class);
    add(630, Lead.LeadResumed.class);
    add(631, Lead.LeadContacted.class);
    add(632, Lead.LeadReassigned.class);
    add(633, Lead.SlaStepFired.class);
    add(634, LeadTouchedV1.class);
    add(635, LeadReceivedV2.class);
    add(636, LeadTouchedV2.class);
    add(637, Lead.LeadQueued.class);
    add(638, Lead.LeadAssigned.class);
    add(639, Lead.AssignmentWithdrawn.class);
    add(640, TimelineEntry.class);
    add(641, Assignment.class);
    add(642, LeadState.class); // not persisted (no snapshots): crosses only the testkit's check
    add(643, Lead.Status.class);
    add(644, Lead.Withdraw.class);
    add(645, Lead.ContactReturned.class);
    add(646, Lead.GetOwner.class);
    add(647, Lead.OwnerIs.class);
    add(648, Lead.RouteWith.class);
    add(649, Lead.LeadReceived.class);
    add(650, LeadTouchedV3.class);
    add(651, LeadData.class);
    add(652, Ownership.class);
    add(653, LeadSla.class);
    add(654, Response.class);
    add(655, Lead.Convert.class);
    add(656, Lead.Converted.class);
    add(657, Lead.LeadConverted.class);
    add(658, Lead.OpportunityAnswered.class);
    add(660, Lead.LeadTouched.class);
    add(661, Lead.Assign.class);
    add(662, Lead.Assigned.class);
    add(663, Lead.HandAnswered.class);
    add(664, Lead.LeadNotRouted.class);
    add(665, Lead.Passivate.class);
    add(700, LeadView.class);
    add(701, LeadView.Contact.class);
    add(702, LeadView.SourceTouch.class);
    add(703, LeadView.AssignmentView.class);
    add(704, LeadView.SlaView.class);
    add(705, LeadView.DeadlineView.class);
    add(800, IntakeKey.Claim.class);
    add(801, IntakeKey.Claimed.class);
    add(802, IntakeKey.KeyClaimed.class);
    add(803, IntakeKey.State.class);
    // rep
    add(900, Rep.Reserve.class);
    add(901, Rep.Release.class);
    add(902, Rep.GetLoad.class);
    add(903, Rep.LeadReserved.class);
    add(904, Rep.LeadReleased.class);
    add(905, Rep.State.class);
    add(906, Rep.OpenLead.class);
    add(907, Rep.LeadReservedV2.class);
    add(908, Rep.AckBreachCounted.class);
    add(909, Rep.StreakEnded.class);
    add(910, Rep.RotationRestored.class);
    add(911, Rep.StateV2.class);
    add(912, Rep.Status.class);
    add(913, Rep.AckBreached.class);
    add(914, Rep.AckInTime.class);
    add(915, Rep.RestoreRotation.class);
    add(916, Rep.GetStatus.class);
    add(917, Rep.Deactivate.class);
    add(918, Rep.Passivate.class);
    // contact keys (deduplication)
    add(1000, ContactKey.Claim.class);
    add(1001, ContactKey.Point.class);
    add(1002, ContactKey.Owner.class);
    add(1003, ContactKey.ContactClaimed.class);
    add(1004, ContactKey.State.class);
    // opportunity (commands 1100-1105, replies 1106-1111, values 1112-1115, events 1116-1121, view
    // 1122-1123, state 1124-1127: not persisted, no snapshots; 1128 the stop command)
    add(1100, OpportunityProtocol.Open.class);
    add(1101, OpportunityProtocol.RecordAction.class);
    add(1102, OpportunityProtocol.MoveStage.class);
    add(1103, OpportunityProtocol.Snooze.class);
    add(1104, OpportunityProtocol.Get.class);
    add(1105, OpportunityProtocol.Wake.class);
    add(1106, OpportunityProtocol.Opened.class);
    add(1107, OpportunityProtocol.ActionAccepted.class);
    add(1108, OpportunityProtocol.Found.class);
    add(1109, OpportunityProtocol.StageRefused.class);
    add(1110, OpportunityProtocol.Refused.class);
    add(1111, OpportunityProtocol.Woken.class);
    add(1112, OpportunityProtocol.LeadLink.class);
    add(1113, OpportunityProtocol.Evidence.class);
    add(1114, OpportunityProtocol.ActionInput.class);
    add(1115, OpportunityProtocol.Missing.class);
    add(1116, OpportunityProtocol.OpportunityOpened.class);
    add(1117, OpportunityProtocol.ActionRecorded.class);
    add(1118, OpportunityProtocol.StageChanged.class);
    add(1119, OpportunityProtocol.Downgraded.class);
    add(1120, OpportunityProtocol.SilentWarned.class);
    add(1121, OpportunityProtocol.Snoozed.class);
    add(1122, OpportunityView.class);
    add(1123, OpportunityView.Action.class);
    add(1124, OpportunityState.class);
    add(1125, OpportunityState.Deal.class);
    add(1126, OpportunityState.Progress.class);
    add(1127, OpportunityState.Deadlines.class);
    add(1128, OpportunityProtocol.Passivate.class);
  }

  /** The typed ActorRef implementation Pekko hands out (local, remote and promise refs alike). */
  static final String ACTOR_REF_ADAPTER = "org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter";
  static final int ACTOR_REF_ID = 50;

  static void register(Kryo kryo, Serializer<ActorRef<?>> actorRefs) {
    CLASSES.forEach((id, type) -> kryo.register(type, id));
    if (actorRefs != null) {
      try {
        kryo.register(Class.forName(ACTOR_REF_ADAPTER), actorRefs, ACTOR_REF_ID);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("Pekko's ActorRefAdapter moved; update KryoRegistry", e);
      }
    }
  }

  public static Map<Integer, Class<?>> classesById() {
    return Map.copyOf(CLASSES);
  }

  public static Map<Class<?>, Integer> idsByClass() {
    Map<Class<?>, Integer> out = new LinkedHashMap<>();
    CLASSES.forEach((id, type) -> out.put(type, id));
    return Map.copyOf(out);
  }
}
