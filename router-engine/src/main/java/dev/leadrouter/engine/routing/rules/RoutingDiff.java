package dev.leadrouter.engine.routing.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.JsonPointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes between two versions of a routing document, by JSON Pointer, for
 * {@code GET /api/v1/routing/versions/{a}/diff/{b}}.
 *
 * <p>Objects compare key by key. A list whose items are all objects with distinct {@code id}s
 * (rules, pools) compares item by id, so inserting a rule at the top reports one {@code added}
 * and {@code moved} for the rules that shifted, not every rule as changed; a moved item's inner
 * changes use its new pointer. Other lists compare by position. Pointers of removed items are
 * their place in {@code a}, all others their place in {@code b}.
 */
public final class RoutingDiff {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutingDiff() {}

  /**
   * One change. {@code op} is {@code added}, {@code removed}, {@code changed} or {@code moved};
   * {@code from} is the old pointer of a moved item, else null; {@code before}/{@code after} the values
   * (null when absent on that side; for a move, the item's index is in the pointers).
   */
  public record Change(String op, String path, String from, JsonNode before, JsonNode after) {}

  public static List<Change> between(String a, String b) {
    try {
      return between(JSON.readTree(a), JSON.readTree(b));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON document", e);
    }
  }

  public static List<Change> between(JsonNode a, JsonNode b) {
    List<Change> out = new ArrayList<>();
    diff("", a, b, out);
    return out;
  }

  private static void diff(String at, JsonNode a, JsonNode b, List<Change> out) {
    if (a.equals(b)) return;
    if (a.isObject() && b.isObject()) {
      Set<String> keys = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String path = at + "/" + JsonPointer.escape(key);
        JsonNode x = a.get(key);
        JsonNode y = b.get(key);
        if (x == null) out.add(new Change("added", path, null, null, y));
        else if (y == null) out.add(new Change("removed", path, null, x, null));
        else diff(path, x, y, out);
      }
    } else if (a.isArray() && b.isArray() && byId(a) && byId(b)) {
      diffById(at, a, b, out);
    } else if (a.isArray() && b.isArray()) {
      int common = Math.min(a.size(), b.size());
      for (int i = 0; i < common; i++) diff(at + "/" + i, a.get(i), b.get(i), out);
      for (int i = common; i < a.size(); i++) out.add(new Change("removed", at + "/" + i, null, a.get(i), null));
      for (int i = common; i < b.size(); i++) out.add(new Change("added", at + "/" + i, null, null, b.get(i)));
    } else {
      out.add(new Change("changed", at, null, a, b));
    }
  }

  private static void diffById(String at, JsonNode a, JsonNode b, List<Change> out) {
    Map<String, Integer> inA = new HashMap<>();
    for (int i = 0; i < a.size(); i++) inA.put(a.get(i).get("id").asText(), i);
    Set<String> inB = new HashSet<>();
    for (int i = 0; i < b.size(); i++) inB.add(b.get(i).get("id").asText());
    for (int i = 0; i < a.size(); i++) {
      if (!inB.contains(a.get(i).get("id").asText())) out.add(new Change("removed", at + "/" + i, null, a.get(i), null));
    }
    for (int j = 0; j < b.size(); j++) {
      String id = b.get(j).get("id").asText();
      Integer i = inA.get(id);
      if (i == null) {
        out.add(new Change("added", at + "/" + j, null, null, b.get(j)));
        continue;
      }
      if (i != j) out.add(new Change("moved", at + "/" + j, at + "/" + i, null, null));
      diff(at + "/" + j, a.get(i), b.get(j), out);
    }
  }

  /** Are all items objects with a distinct text {@code id}? (An empty list is not.) */
  private static boolean byId(JsonNode array) {
    if (array.isEmpty()) return false;
    Set<String> ids = new HashSet<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      JsonNode item = it.next();
      if (!item.isObject() || item.get("id") == null || !item.get("id").isTextual()) return false;
      if (!ids.add(item.get("id").asText())) return false;
    }
    return true;
  }
}
