package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Newton on the generated Hessian reaches the Rosenbrock minimum in tens of iterations. */
class NewtonRosenbrockTest {

  @Test
  void generatedHessianMatchesTheHandDerivedOne() {
    Random random = new Random(11);
    for (int n : new int[] {2, 3, 10}) {
      for (int trial = 0; trial < 5; trial++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = -2 + 4 * random.nextDouble();
        }
        NewtonRosenbrock.SecondOrder expected = RosenbrockHessianByHand.at(x);
        NewtonRosenbrock.SecondOrder actual = NewtonRosenbrock.generated(x);
        assertEquals(Rosenbrock.rosenbrock(x), actual.value());
        assertArrayEquals(expected.gradient(), actual.gradient(), 1e-9);
        for (int i = 0; i < n; i++) {
          assertArrayEquals(expected.hessian()[i], actual.hessian()[i], 1e-9);
          for (int j = 0; j < n; j++) {
            assertEquals(actual.hessian()[j][i], actual.hessian()[i][j], 1e-12);
          }
        }
      }
    }
  }

  @Test
  void newtonConvergesToOneOneInTensOfIterations() {
    List<NewtonRosenbrock.Iterate> path =
        NewtonRosenbrock.newton(NewtonRosenbrock.START, NewtonRosenbrock::generated);
    NewtonRosenbrock.Iterate last = path.get(path.size() - 1);
    assertEquals(1.0, last.x()[0], 1e-12);
    assertEquals(1.0, last.x()[1], 1e-12);
    assertTrue(last.gradientNorm() <= NewtonRosenbrock.GRADIENT_TOLERANCE);
    int iterations = path.size() - 1;
    assertTrue(iterations >= 10 && iterations < 50, "iterations: " + iterations);
    // The line search only accepts steps that lower f.
    for (int k = 1; k < path.size(); k++) {
      assertTrue(path.get(k).value() < path.get(k - 1).value(), "iteration " + k);
    }
  }

  @Test
  void newtonOnTheHandDerivedHessianTakesTheSameSteps() {
    List<NewtonRosenbrock.Iterate> generated =
        NewtonRosenbrock.newton(NewtonRosenbrock.START, NewtonRosenbrock::generated);
    List<NewtonRosenbrock.Iterate> byHand =
        NewtonRosenbrock.newton(NewtonRosenbrock.START, RosenbrockHessianByHand::at);
    assertEquals(byHand.size(), generated.size());
    for (int k = 0; k < byHand.size(); k++) {
      assertArrayEquals(byHand.get(k).x(), generated.get(k).x(), 1e-9, "iteration " + k);
    }
  }

  @Test
  void newtonWorksInTenDimensionsToo() {
    double[] start = new double[10];
    start[0] = -1.2;
    for (int i = 1; i < 10; i++) {
      start[i] = 1;
    }
    List<NewtonRosenbrock.Iterate> path =
        NewtonRosenbrock.newton(start, NewtonRosenbrock::generated);
    NewtonRosenbrock.Iterate last = path.get(path.size() - 1);
    // From this start Newton may settle in the local minimum near x[0] = -1 that Rosenbrock's
    // function has for n >= 4 instead of at all ones: either way a point whose gradient
    // (by hand) vanishes to rounding and whose Hessian is positive definite, below f's start.
    assertTrue(path.size() - 1 < NewtonRosenbrock.MAX_ITERATIONS, "iterations " + path.size());
    NewtonRosenbrock.SecondOrder byHand = RosenbrockHessianByHand.at(last.x());
    double norm = 0;
    for (double gi : byHand.gradient()) {
      norm += gi * gi;
    }
    assertTrue(Math.sqrt(norm) < 1e-7, "gradient " + Math.sqrt(norm));
    assertTrue(new CholeskyDecomposition(new Array2DRowRealMatrix(byHand.hessian()), 1e-12, 1e-12)
        .getDeterminant() > 0);
    assertTrue(last.value() < path.get(0).value());
  }

  @Test
  void adamNeedsThousandsOfStepsFromTheSameStart() {
    double[][] path = NewtonRosenbrock.adam(NewtonRosenbrock.START, NewtonRosenbrock.ADAM_STEPS);
    int steps = NewtonRosenbrock.stepsToConverge(path, 1e-3);
    assertTrue(steps >= 1000 && steps < NewtonRosenbrock.ADAM_STEPS, "steps: " + steps);
    assertEquals(1.0, path[path.length - 1][0], 1e-3);
    assertEquals(1.0, path[path.length - 1][1], 1e-3);
  }

  @Test
  void stepsToConvergeIsTheFirstStepAfterWhichThePathStaysClose() {
    double[][] path = {{0, 0}, {1, 1}, {0, 1}, {1, 1.0001}, {1, 1}};
    assertEquals(3, NewtonRosenbrock.stepsToConverge(path, 1e-3));
    assertEquals(-1, NewtonRosenbrock.stepsToConverge(new double[][] {{1, 1}, {0, 0}}, 1e-3));
  }

  @Test
  void runDrawsThePicture(@TempDir Path dir) throws IOException {
    NewtonRosenbrock.Result r = NewtonRosenbrock.run(dir, Quiet.stream());
    BufferedImage image = ImageIO.read(r.png().toFile());
    assertEquals(640, image.getWidth());
    assertEquals(560, image.getHeight());
    assertTrue(r.adamStepsToConverge() > 10 * (r.newton().size() - 1));
  }
}
