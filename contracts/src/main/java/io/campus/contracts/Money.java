package io.campus.contracts;

/** An amount in the currency's minor units (cents for EUR) and an ISO 4217 currency code. */
public record Money(long amount, String currency) {
}
