package dev.leadrouter.bench.engine;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionAccepted;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Found;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.LeadLink;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Opened;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Opens opportunities straight on the sharded {@code Opportunity} entities (no lead, no HTTP) and
 * brings each into {@code solution_demo} of the default pipeline the only way the rules allow: {@link
 * OpportunityProtocol.Open} (as a converting lead sends it: the lead's contact, region and source, an
 * owner from the bench org chart), a valid {@code solution_demo} action with a {@code recording}
 * evidence item, then {@link OpportunityProtocol.MoveStage} to {@code solution_demo}. Three events
 * per opportunity; it then holds a pending idle downgrade (48 h / time scale) and a silent-period
 * warning (7 d / time scale). The first stage has no idle deadline (nothing is below it:
 * {@code OpportunityRules.idleDeadline}), so an opportunity left in {@code qualification} would not
 * measure what issue 16 asks.
 *
 * <p>At most {@code inFlight} opportunities are between their first ask and their last answer.
 */
final class OpportunityDriver {

  static final String STAGE = "solution_demo";
  /** Opportunities the read model shows in {@code solution_demo}. */
  static final String IN_DEMO = "SELECT count(*) FROM opportunity_index WHERE stage = 'solution_demo'";
  /** Pending idle downgrades (step 1) of opportunities in the deadline index. */
  static final String IDLE_ROWS = "SELECT count(*) FROM deadline_index WHERE entity = 'opportunity' AND step = 1";
  /** Pending silent-period warnings (step 2) of opportunities in the deadline index. */
  static final String SILENT_ROWS = "SELECT count(*) FROM deadline_index WHERE entity = 'opportunity' AND step = 2";

  private static final Duration ASK = Duration.ofSeconds(60);

  private final EngineDeps deps;
  private final int repsPerRegion;
  private final String runId = Bench.runId();
  private final Semaphore permits;
  final AtomicLong sent = new AtomicLong();
  final AtomicLong moved = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicReference<Throwable> firstError = new AtomicReference<>();

  OpportunityDriver(EngineDeps deps, int inFlight, int repsPerRegion) {
    this.deps = deps;
    this.permits = new Semaphore(inFlight);
    this.repsPerRegion = repsPerRegion;
  }

  /** Starts one opportunity (blocks while {@code inFlight} are unfinished). */
  void createOne() throws InterruptedException {
    permits.acquire();
    long seq = sent.getAndIncrement();
    CleanLead lead = Bench.lead(runId, seq);
    String leadId = Ids.newLeadId();
    int region = (int) (seq % Bench.REGIONS.length);
    String owner = Bench.repId(region, (int) ((seq / Bench.REGIONS.length) % repsPerRegion));
    LeadLink link = new LeadLink(leadId, lead.name(), lead.company(), lead.phones(), lead.emails(), owner,
        lead.region().macro(), lead.region().province(), lead.region().city(), lead.source());
    EntityRef<OpportunityProtocol.Command> ref =
        deps.sharding().entityRefFor(OpportunityProtocol.ENTITY_KEY, OpportunityProtocol.idFor(leadId));
    ActionInput demo = new ActionInput("solution_demo", null, "demo held with the customer's engineers", null,
        List.of(new Evidence("recording", "https://files.bench.invalid/recordings/" + runId + "/" + seq + ".mp4",
            String.format(Locale.ROOT, "%064x", seq), null, 2700)));
    ref.<OpportunityProtocol.OpenReply>ask(r -> new OpportunityProtocol.Open(link, owner, null,
            new BigDecimal("180000.00"), "CNY", null, r), ASK)
        .thenCompose(opened -> expect(opened instanceof Opened, opened)
            .thenCompose(x -> ref.<OpportunityProtocol.ActionReply>ask(r -> new OpportunityProtocol.RecordAction(demo, owner, r), ASK)))
        .thenCompose(recorded -> expect(recorded instanceof ActionAccepted a && a.valid(), recorded)
            .thenCompose(x -> ref.<OpportunityProtocol.StageReply>ask(
                r -> new OpportunityProtocol.MoveStage(STAGE, List.of(), null, owner, false, r), ASK)))
        .whenComplete((reply, error) -> {
          Throwable problem = error != null ? error
              : reply instanceof Found f && STAGE.equals(f.view().stage()) ? null : new IllegalStateException("move: " + reply);
          if (problem == null) moved.incrementAndGet();
          else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, problem);
          }
          permits.release();
        });
  }

  private static CompletionStage<Object> expect(boolean ok, Object reply) {
    return ok ? CompletableFuture.completedFuture(reply)
        : CompletableFuture.failedFuture(new IllegalStateException("unexpected reply " + reply));
  }

  /** Waits until every opportunity started was moved or failed (or {@code timeout}). */
  boolean awaitAnswers(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (moved.get() + failed.get() < sent.get()) {
      if (System.nanoTime() > end) return false;
      Thread.sleep(50);
    }
    return true;
  }

  void checkNoFailure() {
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " opportunities failed; first: " + firstError.get(), firstError.get());
    }
  }
}
