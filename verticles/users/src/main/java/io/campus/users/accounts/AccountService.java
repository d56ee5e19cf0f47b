package io.campus.users.accounts;

import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.users.AccessToken;
import io.campus.contracts.users.Credentials;
import io.campus.contracts.users.Profile;
import io.campus.contracts.users.ProfileChange;
import io.campus.contracts.users.Registration;
import io.campus.contracts.users.UserProfileChanged;
import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UserRegistered;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.db.Outbox;
import io.campus.platform.db.PgErrors;
import io.campus.platform.node.StartupException;
import io.campus.users.store.AccountStore.Account;
import io.campus.users.store.AccountStore;
import io.campus.users.store.EnrollmentStore;
import io.campus.users.store.LoginAttemptStore;
import io.campus.users.tokens.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/** Accounts: registration, login with throttling, profiles, and the bootstrap admin. */
public final class AccountService {

  private static final Outbox OUTBOX = new Outbox(UsersApi.SERVICE);

  private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
  private static final String WRONG_CREDENTIALS = "Wrong email or password";
  private static final long PURGE_EVERY_NANOS = 60_000_000_000L;

  private final Pool pool;
  private final PasswordHasher hasher;
  private final TokenIssuer tokens;
  private final LoginThrottle throttle;
  private final AccountStore accounts = new AccountStore();
  private final LoginAttemptStore attempts = new LoginAttemptStore();
  private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS - 1);
  private final EnrollmentStore enrollments = new EnrollmentStore();

  /** At most {@code failures} failed logins per email within {@code windowSeconds}. */
  public record LoginThrottle(int failures, long windowSeconds) {
  }

  public AccountService(Pool pool, PasswordHasher hasher, TokenIssuer tokens, LoginThrottle throttle) {
    this.pool = pool;
    this.hasher = hasher;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  public Future<Profile> register(Registration registration) {
    AccountRules.check(registration.email(), registration.password(), registration.name());
    String email = registration.email().trim();
    String name = registration.name().trim();
    return hasher.hash(registration.password())
        .compose(hash -> pool.withTransaction(tx ->
            accounts.insert(tx, UUID.randomUUID(), email, name, hash, List.of(UsersApi.STUDENT))
                .compose(account -> OUTBOX.append(tx, UsersApi.REGISTERED,
                    new UserRegistered(account.id(), account.email(), account.name(), account.createdAt()))
                    .map(account))))
        .recover(e -> Future.failedFuture(PgErrors.isUniqueViolation(e)
            ? CampusException.conflict("An account with this email already exists")
            : e))
        .map(account -> profile(account, List.of()));
  }

  /**
   * A token for a right email and password. A wrong password and an unknown email fail alike, after the same
   * hashing work. Each attempt takes one of the email's {@code failures} places in the window before its password is
   * checked (atomically, whatever runs at once), and keeps it unless it succeeds: beyond them, the email is refused
   * with TOO_MANY_REQUESTS without any hashing for the rest of the window.
   */
  public Future<AccessToken> login(Credentials credentials) {
    if (credentials.email() == null || credentials.email().isBlank()) {
      throw CampusException.invalid("email", "is required");
    }
    if (credentials.password() == null || credentials.password().isEmpty()) {
      throw CampusException.invalid("password", "is required");
    }
    String email = AccountRules.normalizeEmail(credentials.email());
    purgeOldAttempts();
    return attempts.reserve(pool, email, throttle.windowSeconds(), throttle.failures()).compose(reserved -> {
      if (!reserved.allowed()) {
        Instant free = reserved.oldest().toInstant().plusSeconds(throttle.windowSeconds());
        long wait = Duration.between(Instant.now(), free).toSeconds() + 1;
        LOG.info("login throttled for an email after " + throttle.failures() + " attempts");
        return Future.failedFuture(CampusException.tooManyRequests(
            "Too many failed logins for this email; try again later", wait));
      }
      return accounts.byEmail(pool, email).compose(account -> hasher
          .verify(credentials.password(), account.map(Account::passwordHash).orElse(null))
          .recover(busy -> attempts.release(pool, email, reserved.at()).transform(v -> Future.failedFuture(busy)))
          .compose(matches -> matches
              ? attempts.clear(pool, email).compose(v -> tokens.issue(account.get().id(), account.get().roles()))
              : Future.failedFuture(CampusException.unauthorized(WRONG_CREDENTIALS))));
    });
  }

  /** At most once a minute, attempts that left the window go, for every email (random ones too). */
  private void purgeOldAttempts() {
    long now = System.nanoTime();
    long last = lastPurge.get();
    if (now - last > PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, now)) {
      attempts.purge(pool, throttle.windowSeconds())
          .onFailure(e -> LOG.warning("purging old login attempts failed: " + e.getMessage()));
    }
  }

  public Future<Profile> profile(UserRef user) {
    UUID id = required(user.id());
    return accounts.byId(pool, id)
        .map(found -> found.orElseThrow(() -> CampusException.notFound("No user " + id)))
        .compose(account -> enrollments.ofUser(pool, id).map(list -> profile(account, list)));
  }

  public Future<Profile> updateProfile(ProfileChange change) {
    UUID id = required(change.id());
    AccountRules.checkName(change.name());
    String name = change.name().trim();
    return pool.withTransaction(tx -> accounts.rename(tx, id, name)
            .map(found -> found.orElseThrow(() -> CampusException.notFound("No user " + id)))
            .compose(account -> OUTBOX.append(tx, UsersApi.PROFILE_CHANGED,
                new UserProfileChanged(id, name))))
        .compose(v -> profile(new UserRef(id)));
  }

  /**
   * Creates the configured admin account if it is missing. An existing account is made admin only when the
   * configured password verifies against it, or whoever registered that email first would become admin. Two
   * instances started at once with the same admin may both find it missing: the one whose registration loses the
   * race promotes the account the other made.
   */
  public Future<Void> ensureAdmin(String email, String password) {
    return accounts.byEmail(pool, email).compose(existing -> existing.isPresent()
        ? promote(existing.get(), password)
        : register(new Registration(email, password, "Administrator"))
            .compose(profile -> accounts.addRole(pool, profile.id(), UsersApi.ADMIN))
            .recover(e -> e instanceof CampusException c && c.code() == ErrorCode.CONFLICT
                ? accounts.byEmail(pool, email).compose(made -> promote(made.orElseThrow(), password))
                : Future.failedFuture(e)))
        .onSuccess(v -> LOG.info("admin account " + email + " is ready"));
  }

  private Future<Void> promote(Account account, String password) {
    return hasher.verify(password, account.passwordHash()).compose(matches -> matches
        ? accounts.addRole(pool, account.id(), UsersApi.ADMIN)
        : Future.failedFuture(new StartupException("CAMPUS_ADMIN_EMAIL names the existing account " + account.email()
            + " and CAMPUS_ADMIN_PASSWORD is not its password, so it is not made admin")));
  }

  private static Profile profile(Account account, List<io.campus.contracts.users.Enrollment> enrollments) {
    return new Profile(account.id(), account.email(), account.name(), account.roles(), enrollments,
        account.createdAt());
  }

  private static UUID required(UUID id) {
    if (id == null) {
      throw CampusException.invalid("id", "is required");
    }
    return id;
  }
}
