package io.campus.bench.load;

/**
 * How the load arrives. Closed: {@code connections} clients, each sending its next request when the last one is
 * answered. Open: {@code rate} requests per second at fixed intended times, whatever the answers do; latency is
 * measured from the intended time, so a stalled server shows as latency instead of as fewer requests.
 */
public record LoadModel(int connections, int rate) {

  public boolean open() {
    return rate > 0;
  }

  @Override
  public String toString() {
    return open() ? "open, " + rate + " req/s over up to " + connections + " connections"
        : "closed, " + connections + " connections";
  }
}
