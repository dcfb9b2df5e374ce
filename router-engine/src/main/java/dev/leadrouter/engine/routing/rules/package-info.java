/**
 * Routing rules (issue 5), pure and actor-free: a {@link dev.leadrouter.engine.routing.rules.RoutingDocument}
 * is parsed and validated (errors by JSON Pointer), compiled against the org chart and working
 * calendars into a {@link dev.leadrouter.engine.routing.rules.RoutingRuleSet}, and a
 * {@link dev.leadrouter.engine.routing.rules.RuleEngine} decides one
 * {@link dev.leadrouter.engine.routing.rules.LeadFacts} at a time against the
 * {@link dev.leadrouter.engine.routing.rules.Roster}, the {@link dev.leadrouter.engine.routing.rules.RepWorkload}s
 * and the {@link dev.leadrouter.engine.routing.rules.FairnessLedger}, returning an explained
 * {@link dev.leadrouter.engine.routing.rules.Decision} and the ledger to keep.
 * {@link dev.leadrouter.engine.routing.rules.Simulation} replays past leads through a draft;
 * {@link dev.leadrouter.engine.routing.rules.RoutingDiff} compares two versions of the document.
 */
package dev.leadrouter.engine.routing.rules;
