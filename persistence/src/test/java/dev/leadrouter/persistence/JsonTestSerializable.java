package dev.leadrouter.persistence;

/** Marker bound to {@code jackson-json} in the journal test's config. */
public interface JsonTestSerializable {}
