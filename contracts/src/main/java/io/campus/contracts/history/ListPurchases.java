package io.campus.contracts.history;

import java.util.UUID;

/** One page (from 1) of a user's purchases. */
public record ListPurchases(UUID userId, int page, int size) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;
}
