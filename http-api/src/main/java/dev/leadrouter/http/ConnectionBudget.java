package dev.leadrouter.http;

import java.util.HashMap;
import java.util.Map;

/**
 * How many HTTP connections are open, in all and per client address, and whether one more may open:
 * at most {@code maxTotal} in all and {@code maxPerAddress} from one address, so a client that holds
 * connections open (slow or never-finished requests) cannot take the server's whole budget. Each
 * {@link #tryOpen} that answered true is followed by exactly one {@link #close} of the same address.
 */
public final class ConnectionBudget {

  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private int total;

  public ConnectionBudget(int maxTotal, int maxPerAddress) {
    if (maxTotal < 1 || maxPerAddress < 1) throw new IllegalArgumentException("connection limits must be at least 1");
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Counts a new connection from {@code address} and answers true, or answers false (nothing counted) when over a limit. */
  public synchronized boolean tryOpen(String address) {
    int open = perAddress.getOrDefault(address, 0);
    if (total >= maxTotal || open >= maxPerAddress) return false;
    perAddress.put(address, open + 1);
    total++;
    return true;
  }

  /** A connection from {@code address} that {@link #tryOpen} admitted has closed. */
  public synchronized void close(String address) {
    Integer open = perAddress.get(address);
    if (open == null) return;
    if (open <= 1) perAddress.remove(address);
    else perAddress.put(address, open - 1);
    total--;
  }

  public synchronized int open() {
    return total;
  }

  public synchronized int openFrom(String address) {
    return perAddress.getOrDefault(address, 0);
  }
}
