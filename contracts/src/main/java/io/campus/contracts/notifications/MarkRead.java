package io.campus.contracts.notifications;

import io.campus.contracts.Endpoint;

import java.util.List;
import java.util.UUID;

/** Marks {@code ids} of {@code userId}'s notifications read, or every one of them when {@code all}. */
public record MarkRead(UUID userId, List<UUID> ids, boolean all) implements Endpoint.ForUser {

  public static final int MAX_IDS = 100;

  public MarkRead {
    ids = ids == null ? List.of() : List.copyOf(ids);
  }
}
