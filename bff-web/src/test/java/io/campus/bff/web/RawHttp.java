package io.campus.bff.web;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 requests on a connection of their own from a chosen loopback source address (127.x.y.z), so that one
 * test can be many client addresses; the request is sent exactly as written (no normalising client in between).
 */
final class RawHttp {

  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** An answer: its status and its whole text (status line, headers, body). */
  record Answer(int status, String text) {

    String header(String name) {
      Matcher m = Pattern.compile("(?im)^" + name + ": *(.+?)\\r?$").matcher(text);
      return m.find() ? m.group(1) : "0";
    }

    JsonObject json() {
      return new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4));
    }
  }

  Answer get(String from, String path, String authorization) throws IOException {
    return exchange(from, "GET " + path + " HTTP/1.1\r\nHost: campus\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Connection: close\r\n\r\n");
  }

  Answer post(String from, String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return exchange(from, "POST " + path + " HTTP/1.1\r\nHost: campus\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + json);
  }

  /** Registers and signs in a new account from {@code from}; answers its access token. */
  String signIn(String from, String prefix) throws IOException {
    JsonObject account = new JsonObject().put("email", prefix + "-" + java.util.UUID.randomUUID() + "@example.org")
        .put("password", "correct horse battery");
    Answer registered = post(from, "/api/auth/register", account.copy().put("name", "Ann").encode());
    if (registered.status() != 201) {
      throw new IOException("register: " + registered.text());
    }
    Answer login = post(from, "/api/auth/login", account.encode());
    if (login.status() != 200) {
      throw new IOException("login: " + login.text());
    }
    return login.json().getString("accessToken");
  }

  private Answer exchange(String from, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher status = STATUS.matcher(text);
      if (!status.find()) {
        throw new IOException("no HTTP answer: " + text);
      }
      return new Answer(Integer.parseInt(status.group(1)), text);
    }
  }
}
