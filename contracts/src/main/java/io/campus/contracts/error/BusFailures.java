package io.campus.contracts.error;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How a {@link CampusException} crosses the event bus: the failure code is {@link ErrorCode#busCode()} and the
 * failure message is the exception's JSON form, so field errors survive the trip.
 */
public final class BusFailures {

  private BusFailures() {
  }

  public static void fail(Message<?> message, CampusException error) {
    message.fail(error.code().busCode(), error.toJson().encode());
  }

  /** Turns whatever a bus request failed with into the error vocabulary. */
  public static CampusException toCampus(Throwable failure, String address) {
    if (failure instanceof CampusException campus) {
      return campus;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> new CampusException(ErrorCode.TIMEOUT, "No answer from " + address + " in time");
        case NO_HANDLERS -> CampusException.unavailable("Nothing answers " + address);
        case RECIPIENT_FAILURE -> decode(reply, address);
        case ERROR -> CampusException.unavailable("Could not reach " + address);
      };
    }
    return CampusException.internal("Request to " + address + " failed");
  }

  private static CampusException decode(ReplyException reply, String address) {
    try {
      return CampusException.fromJson(new JsonObject(reply.getMessage()));
    } catch (DecodeException | IllegalArgumentException | NullPointerException | ClassCastException e) {
      // A recipient that is not a Campus service, or failed outside our vocabulary.
      ErrorCode code = ErrorCode.fromBusCode(reply.failureCode()).orElse(ErrorCode.INTERNAL);
      return new CampusException(code, address + " failed");
    }
  }
}
