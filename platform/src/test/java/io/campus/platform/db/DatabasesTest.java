package io.campus.platform.db;

import io.campus.platform.config.CampusConfig;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.StartupException;
import io.campus.platform.testing.TestNodes;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.campus.platform.testing.Futures.failure;
import static io.campus.platform.testing.Futures.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabasesTest {

  @Test
  @DisplayName("with no URL a service gets its own migrated database in an embedded PostgreSQL that keeps its data")
  void embedded(@TempDir Path dir) {
    CampusConfig config = TestNodes.config(dir, Map.of());
    CampusNode first = TestNodes.start(config);
    try {
      Pool pool = join(first.databases().open("demo"));
      join(pool.query("INSERT INTO note (text) VALUES ('kept')").execute());
      Row settings = join(pool.query("SELECT current_database(), current_setting('fsync'), "
          + "current_setting('synchronous_commit'), to_regclass('platform.outbox') IS NOT NULL").execute()).iterator().next();
      assertEquals("demo", settings.getString(0));
      assertEquals("on", settings.getString(1), "durable commits");
      assertEquals("on", settings.getString(2));
      assertTrue(settings.getBoolean(3), "platform migrations ran");
    } finally {
      TestNodes.close(first);
    }
    assertFalse(Files.exists(dir.resolve("test/postgres/postmaster.pid")), "PostgreSQL stopped with the node");

    CampusNode second = TestNodes.start(config);
    try {
      Pool pool = join(second.databases().open("demo"));
      assertEquals("kept", join(pool.query("SELECT text FROM note").execute()).iterator().next().getString(0));
    } finally {
      TestNodes.close(second);
    }
  }

  @Test
  @DisplayName("an unreachable database server ends in one clear startup error after bounded retries, password hidden")
  void unreachable(@TempDir Path dir) {
    int nobody = TestNodes.freePort();
    CampusNode node = TestNodes.start(TestNodes.config(dir, Map.of(
        "db.url", "postgresql://campus:topsecret@127.0.0.1:" + nobody + "/campus",
        "db.connect.attempts", "2")));
    try {
      StartupException startup = assertInstanceOf(StartupException.class, failure(node.databases().open("demo")));
      assertTrue(startup.getMessage().contains("127.0.0.1:" + nobody + "/demo"), startup.getMessage());
      assertTrue(startup.getMessage().contains("unreachable after 2 attempts"), startup.getMessage());
      assertFalse(startup.getMessage().contains("topsecret"), startup.getMessage());
    } finally {
      TestNodes.close(node);
    }
  }
}
