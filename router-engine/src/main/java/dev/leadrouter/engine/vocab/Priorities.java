package dev.leadrouter.engine.vocab;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lead priorities ({@code low}, {@code normal}, {@code high}, {@code urgent}) and the words sources
 * write for them. A lead always has one: {@code CleanLead} gives {@value #NORMAL} to a lead whose source
 * named none, and flags {@value #PRIORITY_UNKNOWN} when the source wrote a word that is not a priority.
 */
public final class Priorities {

  public static final String LOW = "low";
  public static final String NORMAL = "normal";
  public static final String HIGH = "high";
  public static final String URGENT = "urgent";
  public static final Set<String> ALL = Set.of(LOW, NORMAL, HIGH, URGENT);
  /** The source wrote a priority that is none of {@link #ALL} (nor a synonym): the lead got {@value #NORMAL}. */
  public static final String PRIORITY_UNKNOWN = "PRIORITY_UNKNOWN";

  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("低", LOW), Map.entry("一般", NORMAL), Map.entry("普通", NORMAL), Map.entry("中", NORMAL),
      Map.entry("medium", NORMAL), Map.entry("高", HIGH), Map.entry("重要", HIGH), Map.entry("紧急", URGENT),
      Map.entry("加急", URGENT), Map.entry("critical", URGENT));

  private Priorities() {}

  /** How urgent a priority is: low 0, normal 1, high 2, urgent 3 (anything else counts as normal). */
  public static int rank(String priority) {
    if (priority == null) return 1;
    return switch (priority) {
      case URGENT -> 3;
      case HIGH -> 2;
      case LOW -> 0;
      default -> 1;
    };
  }

  /** The priority a text names (any case, English or Chinese), or null when it names none. */
  public static String canonical(String text) {
    if (text == null) return null;
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (ALL.contains(t)) return t;
    return SYNONYMS.get(t);
  }
}
