package dev.gradgen.samples;

import dev.gradgen.Differentiable;
import dev.gradgen.Tensor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The seed tutorial's micrograd walk-through, step by step on gradgen's {@link Tensor}. */
public final class TutorialTour {

  private TutorialTour() {}

  /** f = a*b + c and its three partial derivatives. */
  public record Grads(double value, double a, double b, double c) {}

  /** An activation's value and derivative at one point. */
  public record Activation(String name, double x, double value, double grad) {}

  /** Everything the tour computes. */
  public record Result(
      String sum,
      String product,
      double handD,
      double handC,
      Grads byHand,
      Grads byBackward,
      Grads generated,
      Activation[] activations) {}

  /** The tutorial's f(a, b, c) = a*b + c, written as a plain method for the processor. */
  @Differentiable
  static double f(double a, double b, double c) {
    return a * b + c;
  }

  /** Walks through the tutorial and prints each step. */
  public static Result run(PrintStream out) {
    // Step 1: a Tensor is a number that remembers how it was made.
    Tensor twelve = new Tensor(12);
    Tensor fifteen = new Tensor(15);
    String sum = twelve.add(fifteen).toString();
    String product = twelve.mul(fifteen).toString();
    out.println("A Tensor wraps a number:");
    out.println("  Tensor(12) + Tensor(15)  ->  " + sum);
    out.println("  Tensor(12) * Tensor(15)  ->  " + product);

    // Step 2: the chain rule by hand, one node at a time, in the order the tutorial calls them.
    out.println();
    out.println("f = a*b + c at a = 10, b = 5, c = 10, built as d = a*b, e = d + c.");
    out.println("Backward steps called by hand, from the output down:");
    Tensor a = new Tensor(10);
    Tensor b = new Tensor(5);
    Tensor c = new Tensor(10);
    Tensor d = a.mul(b);
    Tensor e = d.add(c);
    e.setGrad(1);
    e.backwardStep();
    double handD = d.grad();
    double handC = c.grad();
    out.printf(
        Locale.ROOT,
        "  e.setGrad(1); e.backwardStep();   d.grad = %4.1f   c.grad = %4.1f%n",
        handD,
        handC);
    d.backwardStep();
    out.printf(
        Locale.ROOT,
        "  d.backwardStep();                 a.grad = %4.1f   b.grad = %4.1f%n",
        a.grad(),
        b.grad());
    Grads byHand = new Grads(e.data(), a.grad(), b.grad(), c.grad());

    // Step 3: backward() finds that order itself by sorting the graph topologically. Fresh leaves,
    // because gradients accumulate: a second pass over the same ones would double them.
    Tensor a2 = new Tensor(10);
    Tensor b2 = new Tensor(5);
    Tensor c2 = new Tensor(10);
    Tensor e2 = a2.mul(b2).add(c2);
    e2.backward();
    Grads byBackward = new Grads(e2.data(), a2.grad(), b2.grad(), c2.grad());
    out.println();
    out.println("The same with e.backward(), which orders the steps by a topological sort:");
    printGrads(out, "  e.backward()", byBackward);

    // Step 4: the tutorial's activation functions, each with its derivative.
    out.println();
    out.println("Activations, each a node with its own local derivative:");
    Activation[] activations = {
      activation("tanh", 0.5, Tensor::tanh),
      activation("sigmoid", 0.5, Tensor::sigmoid),
      activation("relu", 0.5, Tensor::relu),
      activation("relu", -0.5, Tensor::relu),
    };
    for (Activation act : activations) {
      out.printf(
          Locale.ROOT,
          "  %-8s x = %5.2f   value = %.6f   grad = %.6f%n",
          act.name(),
          act.x(),
          act.value(),
          act.grad());
    }

    // Step 5: no Tensor in sight. f above is plain Java; the processor wrote fGradient from it.
    TutorialTourGradients.FGradient g = TutorialTourGradients.fGradient(10, 5, 10);
    Grads generated = new Grads(g.value(), g.a(), g.b(), g.c());
    out.println();
    out.println("Finally f as a plain @Differentiable method; javac generated fGradient:");
    printGrads(out, "  fGradient(10, 5, 10)", generated);
    return new Result(sum, product, handD, handC, byHand, byBackward, generated, activations);
  }

  /** Applies the activation to a leaf at x and backpropagates to read its derivative there. */
  private static Activation activation(String name, double x, UnaryOperator<Tensor> function) {
    Tensor input = new Tensor(x);
    Tensor output = function.apply(input);
    output.backward();
    return new Activation(name, x, output.data(), input.grad());
  }

  private static void printGrads(PrintStream out, String label, Grads g) {
    out.printf(
        Locale.ROOT,
        "%-23s f = %4.1f   df/da = %4.1f   df/db = %4.1f   df/dc = %4.1f%n",
        label,
        g.value(),
        g.a(),
        g.b(),
        g.c());
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
