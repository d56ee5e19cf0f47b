package io.campus.contracts.users;

import io.campus.contracts.BusHeaders;
import io.campus.contracts.Endpoint;
import io.campus.contracts.events.EventType;

/** What the users service answers on the bus and the events it emits. */
public final class UsersApi {

  public static final String SERVICE = "users";

  /** A new student account. {@code VALIDATION} (the rule broken is named), {@code CONFLICT} for a known email. */
  public static final Endpoint<Registration, Profile> REGISTER =
      Endpoint.of("users.register", Registration.class, Profile.class);
  /**
   * An access token for an email and password. {@code UNAUTHORIZED} alike for an unknown email and a wrong
   * password; {@code TOO_MANY_REQUESTS} after repeated failures for one email.
   */
  public static final Endpoint<Credentials, AccessToken> LOGIN =
      Endpoint.of("users.login", Credentials.class, AccessToken.class);
  /** The public keys that verify access tokens (JWKS), newest first. */
  public static final Endpoint<KeysQuery, PublicKeys> PUBLIC_KEYS =
      Endpoint.read("users.public-keys", KeysQuery.class, PublicKeys.class);
  /** A user's profile with their enrollments. {@code NOT_FOUND}. */
  public static final Endpoint<UserRef, Profile> PROFILE =
      Endpoint.read("users.profile", UserRef.class, Profile.class);
  public static final Endpoint<ProfileChange, Profile> UPDATE_PROFILE =
      Endpoint.of("users.profile.update", ProfileChange.class, Profile.class);

  /** Admin: sign new tokens with a new key; older keys keep verifying the tokens they signed. */
  public static final Endpoint<KeyRotation, PublicKeys> ROTATE_KEY =
      Endpoint.admin("users.admin.rotate-key", KeyRotation.class, PublicKeys.class);
  /** Admin: enroll a user in a course (the purchase saga does this for paid courses). */
  public static final Endpoint<EnrollmentGrant, Enrollment> GRANT_ENROLLMENT =
      Endpoint.admin("users.admin.grant-enrollment", EnrollmentGrant.class, Enrollment.class);

  public static final EventType<UserRegistered> REGISTERED = EventType.of("user.registered", UserRegistered.class);
  public static final EventType<UserProfileChanged> PROFILE_CHANGED =
      EventType.of("user.profile-changed", UserProfileChanged.class);
  /** A user may follow a course now (after a paid purchase, or granted by an admin). */
  public static final EventType<EnrollmentGranted> ENROLLMENT_GRANTED =
      EventType.of("enrollment.granted", EnrollmentGranted.class);
  /** A paid purchase cannot become an enrollment (the course was withdrawn): payments refunds it. */
  public static final EventType<EnrollmentRefused> ENROLLMENT_REFUSED =
      EventType.of("enrollment.refused", EnrollmentRefused.class);

  /** The role every account has. */
  public static final String STUDENT = "student";
  /** The role that manages the catalog. */
  public static final String ADMIN = BusHeaders.ADMIN_ROLE;

  private UsersApi() {
  }
}
