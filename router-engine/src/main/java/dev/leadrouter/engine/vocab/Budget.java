package dev.leadrouter.engine.vocab;

import dev.leadrouter.engine.common.EngineSerializable;

/** A budget as parsed from free text. Currency stays null when the text names none. */
public record Budget(Long min, Long max, String currency, boolean negotiable) implements EngineSerializable {}
