package dev.leadrouter.engine.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * How an SLA counts time: which instants count towards a deadline and which do not. {@link #WALL}
 * counts every instant; a {@link WorkingCalendar} counts business hours only.
 */
public interface SlaClock {

  /** Counts all elapsed time, like plain {@link Instant} arithmetic. */
  SlaClock WALL = new SlaClock() {
    @Override
    public Instant plus(Instant start, Duration amount) {
      if (amount.isNegative()) throw new IllegalArgumentException("amount must not be negative: " + amount);
      return start.plus(amount);
    }

    @Override
    public Duration between(Instant from, Instant to) {
      return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
    }

    @Override
    public String toString() {
      return "SlaClock.WALL";
    }
  };

  /**
   * The earliest instant {@code t >= start} such that the counted time in {@code [start, t]} equals
   * {@code amount}; {@code start} itself for a zero amount.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  Instant plus(Instant start, Duration amount);

  /** The counted time in {@code [from, to]}; zero when {@code to} is not after {@code from}. */
  Duration between(Instant from, Instant to);
}
