package io.campus.contracts.users;

/** An email and a password, to log in. */
public record Credentials(String email, String password) {

  @Override
  public String toString() {
    return "Credentials[email=" + email + ", password=****]";
  }
}
