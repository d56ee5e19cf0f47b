package io.campus.users;

import io.campus.contracts.users.UserRef;
import io.campus.contracts.users.UsersApi;
import io.campus.platform.bus.BusClient;
import io.campus.platform.bus.EndpointRegistry;
import io.campus.platform.events.EventConsumer;
import io.campus.platform.events.EventStream;
import io.campus.platform.node.CampusNode;
import io.campus.platform.node.ServicePresence;
import io.campus.platform.node.StartupException;
import io.campus.users.accounts.AccountRules;
import io.campus.users.accounts.AccountService;
import io.campus.users.accounts.PasswordHasher;
import io.campus.users.enrollments.EnrollmentProjection;
import io.campus.users.enrollments.EnrollmentService;
import io.campus.users.tokens.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;

import java.util.Optional;
import java.util.UUID;

/**
 * The users service: accounts, tokens and their keys, enrollments (granted for paid purchases, from the payments
 * events); its database, event stream and consumer, endpoints and record.
 */
public final class UsersVerticle extends VerticleBase {

  private final CampusNode node;
  private final UsersSettings settings;
  private WorkerExecutor hashing;
  private ServicePresence presence;
  private EventStream events;
  private EventConsumer consumer;

  public UsersVerticle(CampusNode node, UsersSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  /** With the settings of {@code node}'s configuration (tests). */
  public UsersVerticle(CampusNode node) {
    this(node, UsersSettings.from(node.config()));
  }

  @Override
  public Future<?> start() {
    hashing = vertx.createSharedWorkerExecutor("campus-password-hashing", settings.hashing().workers());
    return node.databases().open(UsersApi.SERVICE).compose(pool -> {
      TokenIssuer tokens = new TokenIssuer(vertx, pool, settings.tokens());
      EnrollmentService enrollments = new EnrollmentService(pool);
      consumer = new EventConsumer(node, UsersApi.SERVICE, pool, EnrollmentProjection.subscriptions(enrollments),
          settings.consumer());
      return EventStream.start(node, UsersApi.SERVICE, pool)
          .onSuccess(stream -> events = stream)
          .compose(v -> consumer.start())
          .compose(v -> Future.all(tokens.start(), PasswordHasher.create(hashing, settings.hashing())))
          .map(both -> new AccountService(pool, both.resultAt(1), tokens, settings.throttle()))
          .compose(accounts -> bootstrapAdmin(settings.admin(), accounts).map(accounts))
          .compose(accounts -> ServicePresence.announce(node, UsersApi.SERVICE, UsersApi.class, pool,
              answer(accounts, tokens, enrollments),
              () -> new BusClient(vertx).request(UsersApi.PROFILE, new UserRef(UUID.randomUUID()), 1_000)))
          .onSuccess(p -> presence = p);
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> withdrawn = presence == null ? Future.succeededFuture() : presence.withdraw();
    return withdrawn
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.stop())
        .eventually(() -> events == null ? Future.succeededFuture() : events.stop())
        .eventually(hashing::close);
  }

  private EndpointRegistry answer(AccountService accounts, TokenIssuer tokens, EnrollmentService enrollments) {
    return new EndpointRegistry(vertx)
        .on(UsersApi.REGISTER, accounts::register)
        .on(UsersApi.LOGIN, accounts::login)
        .on(UsersApi.PUBLIC_KEYS, query -> tokens.publicKeys())
        .on(UsersApi.PROFILE, accounts::profile)
        .on(UsersApi.UPDATE_PROFILE, accounts::updateProfile)
        .on(UsersApi.ROTATE_KEY, rotation -> tokens.rotate())
        .on(UsersApi.GRANT_ENROLLMENT, enrollments::grant);
  }

  /**
   * With CAMPUS_ADMIN_EMAIL and CAMPUS_ADMIN_PASSWORD set, that account exists and is an admin; an account that
   * existed already only if that password is its own, or the start fails.
   */
  private static Future<Void> bootstrapAdmin(Optional<UsersSettings.Admin> admin, AccountService accounts) {
    if (admin.isEmpty()) {
      return Future.succeededFuture();
    }
    var problem = AccountRules.passwordProblem(admin.get().password());
    if (problem.isPresent()) {
      return Future.failedFuture(new StartupException("CAMPUS_ADMIN_PASSWORD " + problem.get()));
    }
    return accounts.ensureAdmin(admin.get().email(), admin.get().password());
  }
}
