package io.campus.contracts.users;

import java.util.List;

/** A JSON Web Key Set: the keys that verify access tokens, the one that signs new tokens first. */
public record PublicKeys(List<PublicKey> keys) {

  public PublicKeys {
    keys = List.copyOf(keys);
  }
}
