package io.campus.contracts;

import io.campus.contracts.courses.CoursesApi;
import io.campus.contracts.history.HistoryApi;
import io.campus.contracts.payments.PaymentsApi;
import io.campus.contracts.users.UsersApi;

import java.util.List;

/**
 * Every Campus service, by the one name it has everywhere (module {@code verticles/<name>}, jar {@code <name>.jar},
 * node name, database): the list the tools that run the whole cluster form (the bench) start and restart.
 */
public final class Services {

  public static final List<String> ALL = List.of(CoursesApi.SERVICE, UsersApi.SERVICE, HistoryApi.SERVICE,
      PaymentsApi.SERVICE);

  private Services() {
  }
}
