package io.campus.platform.db;

import java.io.IOException;
import java.nio.file.Path;

/** For tests that kill a JVM with {@code kill -9}: stops the PostgreSQL it left running, if any. */
public final class LeftoverPostgres {

  private LeftoverPostgres() {
  }

  public static void stop(Path dataDir) throws IOException {
    EmbeddedPostgresServer.stopOrphan(dataDir);
  }
}
