package dev.leadrouter.engine.vocab;

import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;

/** A pending SLA step of one lead: its index in the policy, its action and when it is due. */
public record Deadline(int step, SlaAction action, Instant dueAt) implements EngineSerializable {}
