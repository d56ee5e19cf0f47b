package io.campus.platform.db;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Schema migrations run at start. The platform's tables (outbox and, later, consumer state) live in schema
 * {@code platform} with their own history, so they version independently of each service's tables in
 * {@code public}, which come from {@code db/migration/<service>} on the classpath.
 */
final class Migrations {

  static final String PLATFORM_SCHEMA = "platform";

  private Migrations() {
  }

  static void migrate(DataSource dataSource, String service) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(PLATFORM_SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/platform")
        .load()
        .migrate();
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/" + service)
        .load()
        .migrate();
  }
}
