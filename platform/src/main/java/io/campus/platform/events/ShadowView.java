package io.campus.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * What a rebuild of a consumer's view replaces: its tables (in the service's {@code public} schema), which the rebuild
 * copies empty into a shadow schema and fills from position 0, and how the shadow's rows replace the live ones, in the
 * transaction that also moves the checkpoints. By default a table's rows are all replaced; a view that shares a table
 * with other consumers says which rows are its own.
 */
public record ShadowView(List<String> tables, Swap swap) {

  /** Replaces the live rows of the view's tables with those of {@code shadow} (a schema name), in {@code tx}. */
  @FunctionalInterface
  public interface Swap {
    Future<Void> apply(SqlConnection tx, String shadow);
  }

  public ShadowView {
    tables = List.copyOf(tables);
    if (tables.isEmpty() || !tables.stream().allMatch(t -> t.matches("[a-z_][a-z0-9_]*"))) {
      throw new IllegalArgumentException("view tables must be plain lower-case names: " + tables);
    }
  }

  /** A view that owns every row of its tables. */
  public static ShadowView of(String... tables) {
    List<String> names = List.of(tables);
    return new ShadowView(names, (tx, shadow) -> {
      Future<Void> replaced = tx.query("TRUNCATE " + String.join(", ", names)).execute().mapEmpty();
      for (String table : names) {
        replaced = replaced.compose(v -> tx.query("INSERT INTO public." + table + " SELECT * FROM " + shadow + "."
            + table).execute().mapEmpty());
      }
      return replaced;
    });
  }
}
