package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Marching squares puts the level lines where the function takes the level. */
class ContoursTest {

  @Test
  void levelLinesOfACircularBowlAreCircles() {
    Contours.Lines lines = Contours.of((x, y) -> x * x + y * y, -2, 2, -2, 2, 100, 1.0, 2.25);
    int points = 0;
    int onFirst = 0;
    for (int i = 0; i < lines.x().length; i += 3) {
      // Each segment is two points and a NaN separator.
      assertTrue(Double.isNaN(lines.x()[i + 2]) && Double.isNaN(lines.y()[i + 2]));
      for (int k = i; k < i + 2; k++) {
        double r = Math.hypot(lines.x()[k], lines.y()[k]);
        // Linear interpolation of x^2 + y^2 along a cell edge of h = 0.04 is off by at most
        // h^2 / 4 in f, which moves a crossing by at most h^2 / (8 r) = 2e-4 for r = 1.
        boolean first = Math.abs(r - 1) < 1e-3;
        assertTrue(first || Math.abs(r - 1.5) < 1e-3, "radius " + r);
        onFirst += first ? 1 : 0;
        points++;
      }
    }
    // A circle of radius r crosses grid lines about 8 r / h times (200 for r = 1, 300 for 1.5),
    // and each crossing ends the segments of the two cells it lies between.
    assertTrue(onFirst > 350 && onFirst < 450, "points on r = 1: " + onFirst);
    assertTrue(points - onFirst > 550 && points - onFirst < 650, "on 1.5: " + (points - onFirst));
  }

  @Test
  void aLevelOutsideTheRangeHasNoLine() {
    Contours.Lines lines = Contours.of((x, y) -> x * x + y * y, -1, 1, -1, 1, 20, 5.0);
    assertEquals(0, lines.x().length);
  }
}
