package io.campus.chaos.check;

import io.campus.chaos.history.Operation;
import io.campus.chaos.nemesis.Nemesis;

import java.util.List;
import java.util.function.Function;

/**
 * The time a fault lasted, from the strike until every member it touched was ready again (to the end of the run when
 * it never healed), and the reads users sent meanwhile.
 *
 * @param fault       what struck what ({@code kill bff-web-2})
 * @param fromMs      when it struck (ms since the load started)
 * @param toMs        when it healed
 * @param unreachable the API of the BFF instance it struck, if it struck one: a client of a dead or frozen server
 *                    gets no answer from it whatever the rest does (a load balancer's health check would take it
 *                    out), so its reads are not the system's to answer
 */
public record FaultWindow(String fault, long fromMs, long toMs, String unreachable) {

  /** The time a read that got no answer took. */
  public static final long NEVER = Long.MAX_VALUE;

  /** {@code apiOf}: a member's API base URL, null for a member that serves none (a service). */
  public static FaultWindow of(Nemesis.Struck struck, Function<String, String> apiOf) {
    String target = struck.fault().target();
    return new FaultWindow(struck.fault().type() + " " + target, struck.struckMs(),
        struck.healedMs() < 0 ? Long.MAX_VALUE : struck.healedMs(),
        struck.fault().type().equals("kill") || struck.fault().type().equals("pause") ? apiOf.apply(target) : null);
  }

  /**
   * How long each read sent during the fault took to be answered, shortest first: a read refused or unanswered (not
   * a 2xx: a quick 503 is no answer to a reader) as {@link #NEVER}.
   */
  public List<Long> reads(List<Operation> history) {
    return history.stream().filter(o -> o.read() && o.startMs() >= fromMs && o.startMs() <= toMs
            && !o.target().equals(unreachable))
        .map(o -> o.status() / 100 == 2 ? o.endMs() - o.startMs() : NEVER).sorted().toList();
  }

  /** The reads' 99th percentile, nearest rank (0 when there were none; {@link #NEVER} when over 1 % failed). */
  public long p99(List<Operation> history) {
    List<Long> reads = reads(history);
    return reads.isEmpty() ? 0 : reads.get(Math.min(reads.size() - 1, (int) Math.ceil(reads.size() * 0.99) - 1));
  }

  /** What a report says of the reads: how many, how many failed, their p99. */
  public String describe(List<Operation> history) {
    List<Long> reads = reads(history);
    long p99 = p99(history);
    return reads.size() + " reads, " + reads.stream().filter(r -> r == NEVER).count() + " not answered, p99 "
        + (p99 == NEVER ? "none (over 1 % not answered)" : p99 + " ms");
  }
}
