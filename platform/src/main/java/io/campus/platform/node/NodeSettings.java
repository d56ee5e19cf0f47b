package io.campus.platform.node;

import io.campus.platform.config.CampusConfig;

import java.nio.file.Path;

/**
 * What every node reads from its configuration, whatever it runs: bound and checked by the launcher before anything
 * starts (a bad value ends the process with one line naming its key), and by {@link CampusNode#start} for a node a
 * test or tool starts itself.
 *
 * @param name             the node's name ({@code node.name})
 * @param eventLoops       event-loop threads; 0 is Vert.x's default, twice the cores ({@code event.loops})
 * @param managementHost   where health and metrics listen ({@code management.host})
 * @param managementPort   their port; 0 picks a free one ({@code management.port})
 * @param embeddedDataDir  where an embedded PostgreSQL keeps its data: {@code <data.dir>/<node.name>/postgres}
 * @param dbPoolSize       connections in each service's pool ({@code db.pool.size})
 * @param dbConnectAttempts tries of a database server that cannot be reached at start ({@code db.connect.attempts})
 * @param warmupRounds     rounds a service sends itself before it publishes its record; 0 turns it off
 *                         ({@code service.warmup.rounds})
 * @param warmupMs         the most time those rounds may take ({@code service.warmup.ms})
 */
public record NodeSettings(String name, int eventLoops, String managementHost, int managementPort,
                           Path embeddedDataDir, int dbPoolSize, int dbConnectAttempts, int warmupRounds,
                           long warmupMs) {

  public static NodeSettings from(CampusConfig config) {
    String name = config.get("node.name", "campus");
    return new NodeSettings(name, config.getInt("event.loops", 0, 0), config.get("management.host", "0.0.0.0"),
        config.port("management.port", 0),
        Path.of(config.get("data.dir", ".campus"), name, "postgres").toAbsolutePath(),
        config.getInt("db.pool.size", 8, 1), config.getInt("db.connect.attempts", 6, 1),
        config.getInt("service.warmup.rounds", 20, 0), config.getInt("service.warmup.ms", 2_000, 0));
  }
}
