package io.campus.users;

import io.campus.platform.auth.TokenSettings;
import io.campus.platform.config.CampusConfig;
import io.campus.platform.events.ConsumerOptions;
import io.campus.users.accounts.AccountService.LoginThrottle;
import io.campus.users.accounts.PasswordHasher.Admission;

import java.util.Optional;

/**
 * What the users service reads from its configuration, bound and checked once when it starts.
 *
 * @param hashing  password hashing: workers, queue and longest wait ({@code auth.hash.*})
 * @param throttle failed logins allowed per email and window ({@code auth.throttle.failures}, {@code .window.seconds})
 * @param tokens   what the tokens it issues claim and how long they live ({@code auth.*})
 * @param admin    the admin account to make sure of ({@code admin.email} and {@code admin.password}), if both are set
 * @param consumer its event consumer ({@code consumer.*})
 */
public record UsersSettings(Admission hashing, LoginThrottle throttle, TokenSettings tokens, Optional<Admin> admin,
                            ConsumerOptions consumer) {

  /** The admin's credentials; the password never appears in a printed form of these settings. */
  public record Admin(String email, String password) {

    @Override
    public String toString() {
      return "Admin[email=" + email + ", password=****]";
    }
  }

  public static UsersSettings from(CampusConfig config) {
    Optional<String> email = config.find("admin.email").map(String::trim);
    Optional<String> password = config.find("admin.password");
    return new UsersSettings(
        new Admission(config.getInt("auth.hash.workers", 2, 1), config.getInt("auth.hash.queue", 16, 0),
            config.getInt("auth.hash.max.wait.ms", 2_000, 1)),
        new LoginThrottle(config.getInt("auth.throttle.failures", 5, 1),
            config.getInt("auth.throttle.window.seconds", 900, 1)),
        TokenSettings.from(config),
        email.flatMap(e -> password.map(p -> new Admin(e, p))),
        ConsumerOptions.from(config));
  }
}
