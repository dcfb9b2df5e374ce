package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonReader read(String json) {
    try {
      return JsonReader.of(JSON.readTree(json.replace('\'', '"')));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void pointersEscapeTildeAndSlashOnce() {
    assertEquals("a~0b~1c", JsonPointer.escape("a~b/c"));
    assertEquals("a~b/c", JsonPointer.unescape("a~0b~1c"));
    assertEquals("~01", JsonPointer.escape("~1"));
    assertEquals("~1", JsonPointer.unescape("~01"));
    assertEquals("/x/a~1b/3", JsonPointer.child(JsonPointer.child("/x", "a/b"), 3));
  }

  @Test
  void pointerSyntax() {
    assertTrue(JsonPointer.isValid(""));
    assertTrue(JsonPointer.isValid("/a~0/b~1"));
    assertFalse(JsonPointer.isValid("a"));
    assertFalse(JsonPointer.isValid("/a~2"));
    assertFalse(JsonPointer.isValid("/a~"));
    assertFalse(JsonPointer.isValid(null));
  }

  @Test
  void childReadersCarryTheirPointerAndShareOneErrorList() {
    JsonReader root = read("{'a/b': [{'c~d': 1}]}");
    JsonReader leaf = root.field("a/b").element(0).field("c~d");
    assertEquals("/a~1b/0/c~0d", leaf.pointer());
    leaf.error("bad");
    assertEquals(List.of(new FieldError("/a~1b/0/c~0d", "bad")), root.errors());
    assertEquals(1, root.errorCount());
  }

  @Test
  void absentNullAndPresentAreTold() {
    JsonReader root = read("{'n': null, 'v': 1}");
    assertFalse(root.field("missing").exists());
    assertTrue(root.field("n").exists());
    assertFalse(root.field("n").present());
    assertTrue(root.field("v").present());
    assertTrue(root.has("n"));
    assertFalse(root.field("v").field("deeper").exists());
  }

  @Test
  void unknownFieldsAreNamedAtTheirOwnPointer() {
    JsonReader root = read("{'id': 1, 'colour/x': 2}");
    root.unknownFields(Set.of("id", "name"));
    assertEquals(List.of(new FieldError("/colour~1x", "unknown field 'colour/x' (known: id, name)")), root.errors());
  }

  @Test
  void unknownFieldsWithOwnWording() {
    JsonReader root = read("{'x': 1}");
    root.unknownFields(Set.of(), name -> "unknown option " + name);
    assertEquals(List.of(new FieldError("/x", "unknown option x")), root.errors());
  }

  @Test
  void textIsStrippedAndNonBlank() {
    JsonReader root = read("{'a': ' q ', 'b': '  ', 'c': 3, 'n': null}");
    assertEquals("q", root.text("a", true));
    assertNull(root.text("b", true));
    assertNull(root.text("c", false));
    assertNull(root.text("n", false));
    assertNull(root.text("missing", true));
    assertEquals(List.of(
        new FieldError("/b", "b must be a non-empty text"),
        new FieldError("/c", "c must be a non-empty text"),
        new FieldError("/missing", "missing is required")), root.errors());
  }

  @Test
  void stringHasAMaximumLengthAndBlankIsAbsent() {
    JsonReader root = read("{'a': ' abc ', 'b': 'abcd', 'c': 1, 'd': ' '}");
    assertEquals("abc", root.string("a", 3));
    assertNull(root.string("b", 3));
    assertNull(root.string("c", 3));
    assertNull(root.string("d", 3));
    assertEquals(List.of(new FieldError("/b", "at most 3 characters"), new FieldError("/c", "must be a string")),
        root.errors());
  }

  @Test
  void integerInRange() {
    JsonReader root = read("{'a': 5, 'b': 0, 'c': 1.5, 'd': 'x', 'n': null}");
    assertEquals(5, root.integer("a", 1, 10, "1 to 10"));
    assertNull(root.integer("b", 1, 10, "1 to 10"));
    assertNull(root.integer("c", 1, 10, "1 to 10"));
    assertNull(root.integer("d", 1, 10, "1 to 10"));
    assertNull(root.integer("n", 1, 10, "1 to 10"));
    assertEquals(List.of("/b", "/c", "/d"), root.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void decimalAndBool() {
    JsonReader root = read("{'a': 1.5, 'b': 'x', 'n': null, 't': true, 'u': 'yes'}");
    assertEquals(1.5, root.decimal("a"));
    assertNull(root.decimal("b"));
    assertNull(root.decimal("n"));
    assertNull(root.decimal("missing"));
    assertTrue(root.bool("t", false));
    assertTrue(root.bool("u", true));
    assertFalse(root.bool("missing", false));
    assertEquals(List.of(
        new FieldError("/b", "must be a number"),
        new FieldError("/n", "must be a number"),
        new FieldError("/u", "must be true or false")), root.errors());
  }

  @Test
  void listReadsEachElementAtItsIndex() {
    JsonReader root = read("{'xs': ['a', 2, 'c'], 'notList': 1}");
    List<String> xs = root.list("xs", "must be a list", e -> {
      if (e.isTextual()) return e.node().asText();
      e.error("must be text");
      return null;
    });
    assertEquals(java.util.Arrays.asList("a", null, "c"), xs);
    assertEquals(List.of(), root.list("missing", "must be a list", JsonReader::node));
    assertEquals(List.of(), root.list("notList", "must be a list", JsonReader::node));
    assertEquals(List.of(new FieldError("/xs/1", "must be text"), new FieldError("/notList", "must be a list")),
        root.errors());
  }

  @Test
  void objectAndMembers() {
    JsonReader root = read("{'o': {'b': 1, 'a': 2}, 'x': 1, 'n': null}");
    JsonReader o = root.object("o", "must be an object");
    assertEquals(List.of("b", "a"), List.copyOf(o.members().keySet()));
    assertEquals("/o/a", o.members().get("a").pointer());
    assertNull(root.object("x", "must be an object"));
    assertNull(root.object("n", "must be an object"));
    assertNull(root.object("missing", "must be an object"));
    assertEquals(List.of(new FieldError("/x", "must be an object")), root.errors());
  }

  @Test
  void aReaderInsideALargerDocumentStartsAtItsPointer() {
    JsonNode node = JSON.createObjectNode().put("k", 1);
    JsonReader options = JsonReader.at(node, "/sources/0/options");
    options.unknownFields(Set.of(), name -> "unknown");
    assertEquals(List.of(new FieldError("/sources/0/options/k", "unknown")), options.errors());
    assertFalse(JsonReader.at(JSON.missingNode(), "/x").exists());
  }
}
