package io.campus.bff.common;

import io.campus.bff.common.http.Problems;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.ErrorCode;
import io.campus.contracts.error.FieldError;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API's answer to a request the contract refused: problem+json naming the one input that was wrong. */
final class ContractViolations {

  /** Where the router keeps the operation it matched, for the answer to name a parameter of it. */
  static final String OPERATION = "campus.operation";

  private ContractViolations() {
  }

  /** A request that failed the contract gets the API's own problem+json, naming what was wrong. */
  static void answer(RoutingContext ctx) {
    if (!(ctx.failure() instanceof HttpException http) || !(http.getCause() instanceof ValidatorException invalid)) {
      ctx.next();
      return;
    }
    if (invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      Problems.send(ctx, 415, ErrorCode.VALIDATION, "The request body must be JSON (Content-Type: application/json)");
      return;
    }
    Problems.send(ctx, new CampusException(ErrorCode.VALIDATION, invalid.getMessage(),
        List.of(fieldError(invalid, ctx.get(OPERATION)))));
  }

  /**
   * The one input the failure is about: a parameter (vertx-openapi names it only in its message), or the place in
   * the JSON body ({@code price.amount}; a missing property by its own name; {@code body} for the body as a whole).
   */
  static FieldError fieldError(ValidatorException invalid, Operation operation) {
    String message = invalid.getMessage();
    if (operation != null) {
      for (Parameter parameter : operation.getParameters()) {
        if (message.contains(" parameter " + parameter.getName() + " ")
            || message.endsWith(" parameter " + parameter.getName())) {
          return new FieldError(parameter.getName(), message);
        }
      }
    }
    if (!(invalid instanceof SchemaValidationException schema) || schema.getOutputUnit().getErrors() == null) {
      return new FieldError("body", message);
    }
    // The most specific error is the one deepest in the document.
    OutputUnit unit = schema.getOutputUnit().getErrors().stream()
        .max(Comparator.comparingInt((OutputUnit u) -> location(u).length())).orElseThrow();
    String field = location(unit);
    Matcher property = QUOTED.matcher(unit.getError() == null ? "" : unit.getError());
    String keyword = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    if ((keyword.endsWith("/required") || keyword.endsWith("/additionalProperties")) && property.find()) {
      String name = property.group(1);
      field = field.isEmpty() || field.equals(name) || field.endsWith("." + name) ? name : field + "." + name;
    }
    return new FieldError(field.isEmpty() ? "body" : field, unit.getError());
  }

  private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");

  private static String location(OutputUnit unit) {
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    return location.replaceFirst("^#?/?", "").replace('/', '.');
  }
}
