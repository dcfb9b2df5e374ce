package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.routing.RoutingPool.Command;
import dev.leadrouter.engine.routing.RoutingPool.LedgerLoaded;
import dev.leadrouter.engine.routing.RoutingPool.LedgerStored;
import dev.leadrouter.engine.routing.RoutingPool.SaveLedger;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Carries out a ready {@link RoutingPool}'s debounced ledger save ({@link LedgerSaving} decides):
 * the save timer, the writes to the region's {@link RoutingLedger} and their answers ({@link
 * LedgerStored}) come back to the pool. Owned by one pool and used only on its thread; each method
 * that may end the pool's life answers whether the pool stops now.
 */
final class LedgerSaver {

  private final String region;
  private final EngineDeps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private LedgerSaving saving;

  LedgerSaver(String region, EngineDeps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers,
      FairnessLedger loaded) {
    this.region = region;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
    this.saving = LedgerSaving.loaded(loaded);
  }

  /** Asks the region's {@link RoutingLedger} for the stored ledger; the answer comes as {@link LedgerLoaded}. */
  static void load(String region, EngineDeps deps, ActorContext<Command> ctx) {
    ctx.pipeToSelf(store(region, deps).ask(RoutingLedger.Load::new, deps.settings().poolInitTimeout()),
        (loaded, error) -> error == null ? new LedgerLoaded(loaded.ledgerJson(), false) : new LedgerLoaded(null, true));
  }

  /** A failed load is tried again: never route on an empty ledger (counts must not reset). */
  static void reload(String region, EngineDeps deps, ActorContext<Command> ctx) {
    ctx.getLog().warn("Routing pool {} could not load its fairness ledger; trying again", region);
    load(region, deps, ctx);
  }

  /** The stored ledger's JSON read (null: nothing stored yet, the empty ledger). */
  static FairnessLedger read(String ledgerJson) {
    return ledgerJson == null ? FairnessLedger.EMPTY : ConfigJson.read(ledgerJson, FairnessLedger.class);
  }

  /** The ledger with every decision made so far. */
  FairnessLedger ledger() {
    return saving.ledger();
  }

  long storedVersion() {
    return saving.storedVersion();
  }

  /** Decisions moved the ledger to {@code next}. */
  void moved(FairnessLedger next) {
    carryOut(saving.moved(next));
  }

  /** {@link SaveLedger}: the save timer fired. */
  boolean due() {
    return carryOut(saving.due());
  }

  /** {@link LedgerStored}: a write answered. */
  boolean stored(long version) {
    return carryOut(saving.stored(version));
  }

  /** Sharding's stop message: stop now, or once the ledger's last moves are stored. */
  boolean stop() {
    return carryOut(saving.stop());
  }

  private boolean carryOut(LedgerSaving.Step step) {
    saving = step.next();
    switch (step.action()) {
      case NONE -> { }
      case SCHEDULE -> timers.startSingleTimer(LedgerSaving.TIMER, new SaveLedger(), deps.settings().ledgerSaveDelay());
      case RETRY -> {
        ctx.getLog().warn("Routing pool {} could not save its fairness ledger; trying again", region);
        timers.startSingleTimer(LedgerSaving.TIMER, new SaveLedger(), LedgerSaving.RETRY_DELAY);
      }
      case WRITE -> {
        timers.cancel(LedgerSaving.TIMER);
        long version = saving.ledger().version();
        String json = ConfigJson.write(saving.ledger());
        ctx.pipeToSelf(store(region, deps).<RoutingLedger.Saved>ask(r -> new RoutingLedger.Save(json, version, r),
                deps.settings().poolInitTimeout()),
            (saved, error) -> new LedgerStored(error == null ? saved.version() : -1));
      }
      case STOP_UNSAVED -> ctx.getLog().warn("Routing pool {} stops without saving its last ledger moves (version {})",
          region, saving.ledger().version());
      case STOP -> { }
    }
    return step.action() == LedgerSaving.Action.STOP || step.action() == LedgerSaving.Action.STOP_UNSAVED;
  }

  private static EntityRef<RoutingLedger.Command> store(String region, EngineDeps deps) {
    return deps.sharding().entityRefFor(RoutingLedger.ENTITY_KEY, region);
  }
}
