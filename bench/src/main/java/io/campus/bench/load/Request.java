package io.campus.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.util.Map;

/** One request the load sends: absolute URL, headers, and a body for POSTs. */
public record Request(HttpMethod method, String url, Map<String, String> headers, Buffer body) {

  /** Method and path, without the query: what a failure is counted under. */
  public String route() {
    String path = java.net.URI.create(url).getRawPath();
    return method + " " + (path == null || path.isEmpty() ? "/" : path);
  }

  public static Request get(String url, String token) {
    return new Request(HttpMethod.GET, url, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
        null);
  }

  public static Request put(String url, String json) {
    return new Request(HttpMethod.PUT, url, Map.of("Content-Type", "application/json"), Buffer.buffer(json));
  }

  public static Request post(String url, String token, Map<String, String> headers, String json) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    if (token != null) {
      all.put("Authorization", "Bearer " + token);
    }
    return new Request(HttpMethod.POST, url, Map.copyOf(all), Buffer.buffer(json));
  }
}
