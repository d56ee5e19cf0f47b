package io.campus.contracts.users;

/** Asks for a new account. */
public record Registration(String email, String password, String name) {

  @Override
  public String toString() {
    return "Registration[email=" + email + ", password=****, name=" + name + "]";
  }
}
