package io.campus.platform.discovery;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DepartedNodeReaperTest {

  @Test
  @DisplayName("a node that lost half or more of the members it knew holds its reaping; one that lost fewer does not")
  void cutOff() {
    assertFalse(DepartedNodeReaper.cutOff(4, 5), "one member killed: reap it");
    assertFalse(DepartedNodeReaper.cutOff(3, 5), "two of five gone: the majority is here");
    assertTrue(DepartedNodeReaper.cutOff(2, 5), "a woken member and the one it pulled along");
    assertTrue(DepartedNodeReaper.cutOff(1, 5), "a woken member alone");
    assertTrue(DepartedNodeReaper.cutOff(2, 4), "two of four: this side may be the one cut off");
    assertTrue(DepartedNodeReaper.cutOff(1, 3));
    assertFalse(DepartedNodeReaper.cutOff(1, 2), "in a cluster of two, the survivor of a kill reaps its peer");
    assertFalse(DepartedNodeReaper.cutOff(1, 1));
  }
}
