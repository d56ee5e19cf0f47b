package io.campus.contracts.users;

/** A signed JWT ({@code tokenType} Bearer) valid for {@code expiresIn} seconds. */
public record AccessToken(String accessToken, String tokenType, long expiresIn) {

  @Override
  public String toString() {
    return "AccessToken[accessToken=****, tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
  }
}
