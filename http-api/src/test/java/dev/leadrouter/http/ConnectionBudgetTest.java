package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

  @Test
  void oneAddressGetsAtMostItsShare() {
    ConnectionBudget budget = new ConnectionBudget(10, 2);
    assertTrue(budget.tryOpen("10.0.0.1"));
    assertTrue(budget.tryOpen("10.0.0.1"));
    assertFalse(budget.tryOpen("10.0.0.1"));
    assertTrue(budget.tryOpen("10.0.0.2"), "another address is not affected");
    assertEquals(2, budget.openFrom("10.0.0.1"));
    assertEquals(3, budget.open());
  }

  @Test
  void theTotalBoundsAllAddresses() {
    ConnectionBudget budget = new ConnectionBudget(3, 2);
    assertTrue(budget.tryOpen("a"));
    assertTrue(budget.tryOpen("b"));
    assertTrue(budget.tryOpen("c"));
    assertFalse(budget.tryOpen("d"));
    assertEquals(0, budget.openFrom("d"), "a refused connection is not counted");
  }

  @Test
  void closingFreesTheSlot() {
    ConnectionBudget budget = new ConnectionBudget(2, 1);
    assertTrue(budget.tryOpen("a"));
    assertFalse(budget.tryOpen("a"));
    budget.close("a");
    assertEquals(0, budget.open());
    assertEquals(0, budget.openFrom("a"));
    assertTrue(budget.tryOpen("a"));
  }

  @Test
  void closingAnUnknownAddressChangesNothing() {
    ConnectionBudget budget = new ConnectionBudget(2, 1);
    assertTrue(budget.tryOpen("a"));
    budget.close("b");
    assertEquals(1, budget.open());
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ConnectionBudget(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ConnectionBudget(1, 0));
  }
}
