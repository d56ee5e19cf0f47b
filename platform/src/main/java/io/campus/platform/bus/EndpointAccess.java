package io.campus.platform.bus;

import io.campus.contracts.BusHeaders;
import io.campus.contracts.Endpoint;
import io.campus.contracts.error.CampusException;
import io.vertx.core.MultiMap;

import java.util.Arrays;

/**
 * A service's own check of a privileged endpoint ({@link Endpoint.Access}), from the caller the BFF verified and
 * passed in the headers. A request without them is refused: a BFF's check is not the only wall.
 */
final class EndpointAccess {

  private EndpointAccess() {
  }

  /** Throws FORBIDDEN unless the caller in {@code headers} may make {@code request} to {@code endpoint}. */
  static void check(Endpoint<?, ?> endpoint, MultiMap headers, Object request) {
    switch (endpoint.access()) {
      case OPEN -> { }
      case ADMIN -> {
        String roles = headers.get(BusHeaders.ROLES);
        boolean admin = roles != null
            && Arrays.stream(roles.split(",")).map(String::trim).anyMatch(BusHeaders.ADMIN_ROLE::equals);
        if (!admin) {
          throw CampusException.forbidden(endpoint.address() + " needs a caller with the '" + BusHeaders.ADMIN_ROLE
              + "' role");
        }
      }
      case SELF -> {
        String subject = headers.get(BusHeaders.SUBJECT);
        if (subject == null || !(request instanceof Endpoint.ForUser forUser)
            || !subject.equals(String.valueOf(forUser.userId()))) {
          throw CampusException.forbidden(endpoint.address() + " is only for the user it names");
        }
      }
    }
  }
}
