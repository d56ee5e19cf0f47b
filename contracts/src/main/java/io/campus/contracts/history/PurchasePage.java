package io.campus.contracts.history;

import java.util.List;

/** One page of a user's purchases and how many they have. */
public record PurchasePage(List<PurchaseView> items, int page, int size, long total) {

  public PurchasePage {
    items = List.copyOf(items);
  }
}
