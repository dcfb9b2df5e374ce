package dev.leadrouter.engine.common;

import java.util.UUID;

/** Identifier generation. Lead ids are random UUIDs: unguessable and free of coordination. */
public final class Ids {
  private Ids() {}

  public static String newLeadId() {
    return UUID.randomUUID().toString();
  }
}
