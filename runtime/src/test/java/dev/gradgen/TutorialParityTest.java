package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The outputs printed by the seed tutorial (the Chinese micrograd walk-through gradgen grew from) and
 * the values of micrograd's own published {@code test_more_ops}.
 */
final class TutorialParityTest {

  @Test
  void toStringMatchesTheTutorialsRepr() {
    // The tutorial prints Tensor(data=27) from Python ints; a Java double prints as 27.0.
    assertEquals("Tensor(data=27.0)", new Tensor(12).add(new Tensor(15)).toString());
    assertEquals("Tensor(data=180.0)", new Tensor(12).mul(new Tensor(15)).toString());
  }

  @Test
  void backwardOfABPlusC() {
    Tensor a = new Tensor(10);
    Tensor b = new Tensor(5);
    Tensor c = new Tensor(10);
    Tensor e = a.mul(b).add(c);
    e.backward();
    // d(ab + c)/da = b, /db = a, /dc = 1.
    assertEquals(5.0, a.grad());
    assertEquals(10.0, b.grad());
    assertEquals(1.0, c.grad());
    assertEquals(1.0, e.grad());
  }

  @Test
  void backwardStepsCalledByHand() {
    Tensor a = new Tensor(10);
    Tensor b = new Tensor(5);
    Tensor c = new Tensor(10);
    Tensor d = a.mul(b);
    Tensor e = d.add(c);
    e.setGrad(1);
    e.backwardStep();
    assertEquals(1.0, d.grad());
    assertEquals(1.0, c.grad());
    // a and b are untouched until d's own step runs.
    assertEquals(0.0, a.grad());
    d.backwardStep();
    assertEquals(5.0, a.grad());
    assertEquals(10.0, b.grad());
  }

  /** micrograd's test/test_engine.py {@code test_more_ops}, whose expected values it publishes. */
  @Test
  void microgradTestMoreOps() {
    Tensor a = new Tensor(-4.0);
    Tensor b = new Tensor(2.0);
    Tensor c = a.add(b);
    Tensor d = a.mul(b).add(b.pow(3.0));
    c = c.add(c.add(1.0)); //                              c += c + 1
    c = c.add(Tensor.add(1.0, c).add(a.neg())); //         c += 1 + c + (-a)
    d = d.add(d.mul(2.0).add(b.add(a).relu())); //         d += d * 2 + (b + a).relu()
    d = d.add(Tensor.mul(3.0, d).add(b.sub(a).relu())); // d += 3 * d + (b - a).relu()
    Tensor e = c.sub(d);
    Tensor f = e.pow(2.0);
    Tensor g = f.div(2.0);
    g = g.add(Tensor.div(10.0, f)); //                     g += 10.0 / f
    g.backward();

    double tolerance = 1e-9;
    assertEquals(24.70408163265306, g.data(), tolerance);
    assertEquals(138.83381924198252, a.grad(), tolerance);
    assertEquals(645.5772594752186, b.grad(), tolerance);
  }
}
