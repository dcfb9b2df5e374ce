package dev.leadrouter.persistence;

import java.util.Locale;

/** The two supported databases; chosen by {@code leadrouter.db.vendor}. */
public enum DatabaseVendor {
  H2("h2", "h2.conf"),
  POSTGRES("postgres", "postgres.conf");

  private final String id;
  private final String configResource;

  DatabaseVendor(String id, String configResource) {
    this.id = id;
    this.configResource = configResource;
  }

  /** The value used in {@code leadrouter.db.vendor} and as the migration folder name. */
  public String id() {
    return id;
  }

  /** Classpath resource layered by {@link DatabaseConfig} for this vendor. */
  public String configResource() {
    return configResource;
  }

  /** Flyway location of this vendor's migrations. */
  /** Migrations whose SQL is the same on every vendor. */
  public static final String COMMON_MIGRATIONS = "classpath:db/migration/common";

  public String migrationLocation() {
    return "classpath:db/migration/" + id;
  }

  /** The vendor of an open connection (for SQL that differs by vendor where only the connection is at hand). */
  public static DatabaseVendor of(java.sql.Connection c) throws java.sql.SQLException {
    return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? POSTGRES : H2;
  }

  /** Parses {@code leadrouter.db.vendor}: "h2", or "postgres" (also "postgresql"), case-insensitive. */
  public static DatabaseVendor parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "h2":
        return H2;
      case "postgres":
      case "postgresql":
        return POSTGRES;
      default:
        throw new IllegalArgumentException(
            "leadrouter.db.vendor must be \"h2\" or \"postgres\" but was \"" + value + "\"");
    }
  }
}
