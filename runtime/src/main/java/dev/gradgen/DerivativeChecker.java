package dev.gradgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Compares derivatives with central finite differences of the function, one input element at a
 * time, and returns a {@link DerivativeCheck}. The generated {@code mCheck} methods use it; it works
 * as well for derivatives computed any other way.
 *
 * <p>Register the inputs in the function's parameter order, each with its value and the derivatives
 * under test ({@link #scalar}, {@link #vector}, {@link #matrix} for a {@code double}-valued function,
 * or the {@code ...Jacobian} forms for a {@code double[]}-valued one), then either hand the function
 * to {@link #check} (or {@link #checkJacobian}), or drive the evaluations yourself, which lets the
 * function throw checked exceptions:
 *
 * <pre>{@code
 * DerivativeChecker checker = new DerivativeChecker("Model.f");
 * checker.scalar("x", x, dfdx);
 * checker.vector("p", p, dfdp);
 * while (checker.hasNextPoint()) {
 *   DerivativeChecker.Point point = checker.nextPoint();
 *   checker.value(Model.f(point.scalar(0), point.vector(1)));
 * }
 * DerivativeCheck check = checker.result();
 * }</pre>
 *
 * <p><b>The differences.</b> For each input element {@code x}, the first step is {@code h = 1e-3 *
 * max(|x|, 1)}; the function is evaluated at {@code x +- h}, {@code x +- h/2}, {@code x +- h/4} and
 * {@code x +- h/8} with every other input at its value, and the four central differences are
 * extrapolated by Richardson to an estimate with an error estimate (truncation and rounding); with
 * the {@code h^2}, {@code h^4} and {@code h^6} terms removed, a step this large keeps the
 * truncation error far below rounding, and the rounding error small. The step is then divided by
 * 100 and the same is done again, up to eight steps (down to 1e-17 * max(|x|, 1), or until the step
 * would vanish against {@code x}), until two successive steps agree: at both, the differences
 * behaved as a smooth function's (each {@code D(h) - D(h/2)} about four times the next, or within
 * rounding) and the two estimates differ by at most the sum of their error estimates. The entry
 * takes the better of those two. So an input of 1e-8 of a function such as {@code log} gets a step
 * small against it, a point within a step of a kink gets one that stays on its side, and {@code
 * sin} at 1e8 gets one small against its period (a step spanning whole periods can look converged
 * on its own; the next step then disagrees). A smooth function usually settles at the first two
 * steps, 16 evaluations per input element. If no two steps agree, the entry fails (see {@link
 * DerivativeCheck.Entry#converged()}); so does one of a function too noisy for finite differences,
 * such as one that loses most of its digits to cancellation. At a kink itself central differences
 * give the mean of the two one-sided slopes, which gradgen's conventions (such as {@code relu'(0) =
 * 0}) need not match: check at points away from kinks.
 *
 * <p><b>The caller's arrays are never written.</b> The checker perturbs copies, made when the inputs
 * are registered; {@link Point} hands out those copies, with one element perturbed, and restores
 * the element after each value. The function must not write into its array arguments (gradgen's
 * {@code @Differentiable} methods cannot).
 *
 * <p>A checker is used once, by one thread.
 */
public final class DerivativeChecker {

  /** What a checked function is given: the inputs, one element of one of them perturbed. */
  public final class Point {

    /** Made by the checker only. */
    private Point() {}

    /**
     * The current value of a {@code double} input.
     *
     * @param parameter the input's position in registration order, from 0
     * @return its value, perturbed if it is the element being differenced
     * @throws IllegalArgumentException if that input is not a {@code double}
     */
    public double scalar(int parameter) {
      return (double) input(parameter, Kind.SCALAR).current;
    }

    /**
     * The current value of a {@code double[]} input: the checker's copy.
     *
     * @param parameter the input's position in registration order, from 0
     * @return the copy, one element perturbed if it is the input being differenced
     * @throws IllegalArgumentException if that input is not a {@code double[]}
     */
    public double[] vector(int parameter) {
      return (double[]) input(parameter, Kind.VECTOR).current;
    }

    /**
     * The current value of a {@code double[][]} input: the checker's deep copy.
     *
     * @param parameter the input's position in registration order, from 0
     * @return the copy, one element perturbed if it is the input being differenced
     * @throws IllegalArgumentException if that input is not a {@code double[][]}
     */
    public double[][] matrix(int parameter) {
      return (double[][]) input(parameter, Kind.MATRIX).current;
    }
  }

  /** The shape of an input. */
  private enum Kind {
    SCALAR, VECTOR, MATRIX
  }

  /**
   * One registered input: its name, its current value (a boxed double, or the checker's copy of the
   * array) and the flattened coordinates it contributes.
   */
  private static final class Input {
    final String name;
    final Kind kind;
    Object current;

    Input(String name, Kind kind, Object current) {
      this.name = name;
      this.kind = kind;
      this.current = current;
    }
  }

  /** One input element: where it is, its value and the derivatives of each output with respect to it. */
  private record Coordinate(int input, int index, int row, int column, double value,
      double[] derivatives) {}

  private final String function;
  private final List<Input> inputs = new ArrayList<>();
  private final List<Coordinate> coordinates = new ArrayList<>();
  private final List<DerivativeCheck.Entry> entries = new ArrayList<>();
  private final Point point = new Point();
  /** -1 until the first registration says: 0 for a {@code double} function, else the outputs. */
  private int outputs = -1;
  private boolean vectorFunction;

  private boolean started;
  private int coordinate;
  private int attempt;
  private double step;
  private double[] points;
  private double[][] values;
  private int next;
  private boolean awaitingValue;
  /** For the current coordinate: each output's estimate at each attempt so far. */
  private final List<List<FiniteDifferences.Estimate>> estimates = new ArrayList<>();

  /**
   * A checker with no inputs yet.
   *
   * @param function what is checked, for messages (such as {@code p.Model.f})
   */
  public DerivativeChecker(String function) {
    this.function = function;
  }

  /**
   * Registers a {@code double} input of a {@code double}-valued function.
   *
   * @param name the input's name
   * @param value its value
   * @param derivative the derivative under test with respect to it
   * @return this checker
   */
  public DerivativeChecker scalar(String name, double value, double derivative) {
    return scalarJacobian(name, value, new double[] {derivative}, false);
  }

  /**
   * Registers a {@code double[]} input of a {@code double}-valued function.
   *
   * @param name the input's name
   * @param value its value, copied
   * @param derivatives the derivative under test with respect to each element
   * @return this checker
   * @throws IllegalArgumentException if the lengths differ
   */
  public DerivativeChecker vector(String name, double[] value, double[] derivatives) {
    double[][] byOutput = new double[value.length][];
    requireLength(name, derivatives.length, value.length);
    for (int i = 0; i < value.length; i++) {
      byOutput[i] = new double[] {derivatives[i]};
    }
    return vector(name, value, byOutput, false);
  }

  /**
   * Registers a {@code double[][]} input of a {@code double}-valued function; rows may differ in
   * length, and a null row has no elements.
   *
   * @param name the input's name
   * @param value its value, deep-copied
   * @param derivatives the derivative under test with respect to each element, shaped as {@code value}
   * @return this checker
   * @throws IllegalArgumentException if the shapes differ
   */
  public DerivativeChecker matrix(String name, double[][] value, double[][] derivatives) {
    requireLength(name, derivatives.length, value.length);
    double[][][] byOutput = new double[value.length][][];
    for (int r = 0; r < value.length; r++) {
      int length = value[r] == null ? 0 : value[r].length;
      requireLength(name + "[" + r + "]", derivatives[r] == null ? 0 : derivatives[r].length,
          length);
      byOutput[r] = new double[length][];
      for (int c = 0; c < length; c++) {
        byOutput[r][c] = new double[] {derivatives[r][c]};
      }
    }
    return matrix(name, value, byOutput, false);
  }

  /**
   * Registers a {@code double} input of a {@code double[]}-valued function.
   *
   * @param name the input's name
   * @param value its value
   * @param derivatives {@code derivatives[i]} is the derivative under test of output {@code i}
   * @return this checker
   */
  public DerivativeChecker scalarJacobian(String name, double value, double[] derivatives) {
    return scalarJacobian(name, value, derivatives.clone(), true);
  }

  /**
   * Registers a {@code double[]} input of a {@code double[]}-valued function.
   *
   * @param name the input's name
   * @param value its value, copied
   * @param jacobian {@code jacobian[i][j]} is the derivative under test of output {@code i} with
   *     respect to element {@code j}
   * @return this checker
   * @throws IllegalArgumentException if the shapes differ
   */
  public DerivativeChecker vectorJacobian(String name, double[] value, double[][] jacobian) {
    double[][] byElement = new double[value.length][jacobian.length];
    for (int i = 0; i < jacobian.length; i++) {
      requireLength(name + " row " + i, jacobian[i].length, value.length);
      for (int j = 0; j < value.length; j++) {
        byElement[j][i] = jacobian[i][j];
      }
    }
    return vector(name, value, byElement, true);
  }

  /**
   * Registers a {@code double[][]} input of a {@code double[]}-valued function.
   *
   * @param name the input's name
   * @param value its value, deep-copied
   * @param jacobian {@code jacobian[i][r][c]} is the derivative under test of output {@code i} with
   *     respect to element {@code [r][c]}
   * @return this checker
   * @throws IllegalArgumentException if the shapes differ
   */
  public DerivativeChecker matrixJacobian(String name, double[][] value, double[][][] jacobian) {
    double[][][] byElement = new double[value.length][][];
    for (int r = 0; r < value.length; r++) {
      int length = value[r] == null ? 0 : value[r].length;
      byElement[r] = new double[length][jacobian.length];
      for (int i = 0; i < jacobian.length; i++) {
        requireLength(name + " output " + i, jacobian[i].length, value.length);
        requireLength(name + " output " + i + " row " + r,
            jacobian[i][r] == null ? 0 : jacobian[i][r].length, length);
        for (int c = 0; c < length; c++) {
          byElement[r][c][i] = jacobian[i][r][c];
        }
      }
    }
    return matrix(name, value, byElement, true);
  }

  private DerivativeChecker scalarJacobian(String name, double value, double[] derivatives,
      boolean jacobian) {
    int input = register(name, Kind.SCALAR, value, jacobian, derivatives.length);
    coordinates.add(new Coordinate(input, -1, -1, -1, value, derivatives));
    return this;
  }

  private DerivativeChecker vector(String name, double[] value, double[][] byElement,
      boolean jacobian) {
    int input = register(name, Kind.VECTOR, value.clone(), jacobian,
        byElement.length == 0 ? -1 : byElement[0].length);
    for (int j = 0; j < value.length; j++) {
      coordinates.add(new Coordinate(input, j, -1, -1, value[j], byElement[j]));
    }
    return this;
  }

  private DerivativeChecker matrix(String name, double[][] value, double[][][] byElement,
      boolean jacobian) {
    double[][] copy = new double[value.length][];
    int someOutputs = -1;
    for (int r = 0; r < value.length; r++) {
      copy[r] = value[r] == null ? null : value[r].clone();
      if (byElement[r].length > 0) {
        someOutputs = byElement[r][0].length;
      }
    }
    int input = register(name, Kind.MATRIX, copy, jacobian, someOutputs);
    int index = 0;
    for (int r = 0; r < value.length; r++) {
      int length = value[r] == null ? 0 : value[r].length;
      for (int c = 0; c < length; c++) {
        coordinates.add(new Coordinate(input, index++, r, c, value[r][c], byElement[r][c]));
      }
    }
    return this;
  }

  /**
   * Adds an input and settles whether the function is vector-valued and how many outputs it has.
   *
   * @param outputCount the number of derivatives per element, or -1 when the input has no elements
   */
  private int register(String name, Kind kind, Object copy, boolean jacobian, int outputCount) {
    if (started) {
      throw new IllegalStateException("inputs must be registered before the first point");
    }
    if (!inputs.isEmpty() && jacobian != vectorFunction) {
      throw new IllegalStateException("input '" + name + "': a checker is either for a double"
          + " function (scalar, vector, matrix) or for a double[] one (the ...Jacobian forms)");
    }
    vectorFunction = jacobian;
    if (outputCount >= 0) {
      if (outputs >= 0 && outputs != outputCount) {
        throw new IllegalArgumentException("input '" + name + "' has derivatives for "
            + outputCount + " outputs, an earlier input for " + outputs);
      }
      outputs = outputCount;
    }
    inputs.add(new Input(name, kind, copy));
    return inputs.size() - 1;
  }

  private static void requireLength(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + ": " + actual + " derivatives for " + expected
          + " elements");
    }
  }

  private Input input(int parameter, Kind kind) {
    if (parameter < 0 || parameter >= inputs.size()) {
      throw new IllegalArgumentException("no input " + parameter + "; there are " + inputs.size());
    }
    Input input = inputs.get(parameter);
    if (input.kind != kind) {
      throw new IllegalArgumentException("input " + parameter + " ('" + input.name + "') is a "
          + input.kind.name().toLowerCase(Locale.ROOT) + ", not a "
          + kind.name().toLowerCase(Locale.ROOT));
    }
    return input;
  }

  /**
   * Whether the function must be evaluated at another point before {@link #result()}.
   *
   * @return true while points remain
   * @throws IllegalStateException if the previous point's value was not given
   */
  public boolean hasNextPoint() {
    requireNoPendingValue();
    if (!started) {
      started = true;
      coordinate = 0;
      startCoordinate();
    }
    while (coordinate < coordinates.size() && next == points.length) {
      finishAttempt();
    }
    return coordinate < coordinates.size();
  }

  /**
   * The next point to evaluate the function at; give its value with {@link #value} (or {@link
   * #values}) before asking for another.
   *
   * @return the inputs, one element perturbed; valid until the value is given
   * @throws IllegalStateException if no point remains or the previous value was not given
   */
  public Point nextPoint() {
    if (!hasNextPoint()) {
      throw new IllegalStateException("no point remains; call result()");
    }
    set(coordinates.get(coordinate), points[next]);
    awaitingValue = true;
    return point;
  }

  /**
   * The value of a {@code double}-valued function at the point {@link #nextPoint()} returned.
   *
   * @param value the function's value there
   * @throws IllegalStateException if no point awaits a value, or the function is vector-valued
   */
  public void value(double value) {
    if (vectorFunction) {
      throw new IllegalStateException("the inputs were registered for a double[] function: values()");
    }
    record(new double[] {value});
  }

  /**
   * The value of a {@code double[]}-valued function at the point {@link #nextPoint()} returned.
   *
   * @param value the function's value there, copied
   * @throws IllegalStateException if no point awaits a value, or the function is {@code double}-valued
   * @throws IllegalArgumentException if its length is not the number of outputs
   */
  public void values(double[] value) {
    if (!vectorFunction) {
      throw new IllegalStateException("the inputs were registered for a double function: value()");
    }
    if (outputs >= 0 && value.length != outputs) {
      throw new IllegalArgumentException("the function returned " + value.length
          + " values; the derivatives are for " + outputs);
    }
    record(value.clone());
  }

  private void record(double[] value) {
    if (!awaitingValue) {
      throw new IllegalStateException("no point awaits a value; call nextPoint() first");
    }
    Coordinate at = coordinates.get(coordinate);
    set(at, at.value());
    values[next++] = value;
    awaitingValue = false;
  }

  /**
   * The comparison, once every point has its value.
   *
   * @return one entry per partial derivative, judged with the default tolerance
   * @throws IllegalStateException if points remain
   */
  public DerivativeCheck result() {
    if (hasNextPoint()) {
      throw new IllegalStateException("points remain: evaluate them first");
    }
    return new DerivativeCheck(function, entries, DerivativeCheck.DEFAULT_ABSOLUTE_TOLERANCE,
        DerivativeCheck.DEFAULT_RELATIVE_TOLERANCE);
  }

  /**
   * Runs the check of a {@code double}-valued function.
   *
   * @param f the function of the point
   * @return the comparison
   */
  public DerivativeCheck check(ToDoubleFunction<Point> f) {
    while (hasNextPoint()) {
      value(f.applyAsDouble(nextPoint()));
    }
    return result();
  }

  /**
   * Runs the check of a {@code double[]}-valued function.
   *
   * @param f the function of the point
   * @return the comparison
   */
  public DerivativeCheck checkJacobian(Function<Point, double[]> f) {
    while (hasNextPoint()) {
      values(f.apply(nextPoint()));
    }
    return result();
  }

  private void requireNoPendingValue() {
    if (awaitingValue) {
      throw new IllegalStateException("the value at the last point was not given");
    }
  }

  /** Starts the first attempt of the current coordinate, if there is one. */
  private void startCoordinate() {
    estimates.clear();
    if (coordinate < coordinates.size()) {
      attempt = 0;
      startAttempt(FiniteDifferences.firstStep(coordinates.get(coordinate).value()));
    }
  }

  private void startAttempt(double h) {
    step = h;
    points = FiniteDifferences.stencil(coordinates.get(coordinate).value(), h);
    values = new double[points.length][];
    next = 0;
  }

  /** Estimates every output from the finished attempt; tries a smaller step or moves on. */
  private void finishAttempt() {
    Coordinate at = coordinates.get(coordinate);
    int count = values[0].length;
    boolean allSettled = true;
    for (int output = 0; output < count; output++) {
      double[] column = new double[points.length];
      for (int k = 0; k < points.length; k++) {
        column[k] = output < values[k].length ? values[k][output] : Double.NaN;
      }
      if (estimates.size() <= output) {
        estimates.add(new ArrayList<>());
      }
      List<FiniteDifferences.Estimate> tried = estimates.get(output);
      tried.add(FiniteDifferences.estimate(points, column, at.value(), step));
      allSettled &= settled(tried) != null;
    }
    double smaller = step / FiniteDifferences.SHRINK;
    boolean more = !allSettled && attempt + 1 < FiniteDifferences.ATTEMPTS
        && at.value() + smaller / (1 << (FiniteDifferences.LEVELS - 1)) != at.value();
    if (more) {
      attempt++;
      startAttempt(smaller);
      return;
    }
    Input input = inputs.get(at.input());
    for (int output = 0; output < count; output++) {
      List<FiniteDifferences.Estimate> tried = estimates.get(output);
      FiniteDifferences.Estimate chosen = settled(tried);
      boolean converged = chosen != null;
      if (chosen == null) {
        chosen = bestUnsettled(tried);
      }
      double derivative = output < at.derivatives().length ? at.derivatives()[output] : Double.NaN;
      entries.add(new DerivativeCheck.Entry(input.name, coordinate, at.index(), at.row(),
          at.column(), vectorFunction ? output : -1, derivative, chosen.value(), chosen.error(),
          chosen.step(), converged, 0));
    }
    coordinate++;
    startCoordinate();
  }

  /**
   * The estimate of the first two successive steps that agree (the one with the smaller error
   * estimate of the two), or null when no two do yet. A step at which the function took one value
   * everywhere does not count after a first step at which it did not: it is below the function's
   * resolution there, not a sign of a zero derivative.
   */
  private static FiniteDifferences.Estimate settled(List<FiniteDifferences.Estimate> tried) {
    boolean firstFlat = tried.get(0).flat();
    for (int i = 0; i + 1 < tried.size(); i++) {
      FiniteDifferences.Estimate larger = tried.get(i);
      FiniteDifferences.Estimate smaller = tried.get(i + 1);
      if (!firstFlat && (larger.flat() || smaller.flat())) {
        continue;
      }
      if (larger.agreesWith(smaller)) {
        return smaller.error() < larger.error() ? smaller : larger;
      }
    }
    return null;
  }

  /** With no agreement: the converged estimate with the smallest error, else the smallest error. */
  private static FiniteDifferences.Estimate bestUnsettled(List<FiniteDifferences.Estimate> tried) {
    FiniteDifferences.Estimate best = null;
    for (FiniteDifferences.Estimate estimate : tried) {
      if (best == null || estimate.converged() && !best.converged()
          || estimate.converged() == best.converged() && estimate.error() < best.error()) {
        best = estimate;
      }
    }
    return best;
  }

  /** Sets the coordinate's element of the checker's copy to {@code value}. */
  private void set(Coordinate at, double value) {
    Input input = inputs.get(at.input());
    switch (input.kind) {
      case SCALAR -> input.current = value;
      case VECTOR -> ((double[]) input.current)[at.index()] = value;
      case MATRIX -> ((double[][]) input.current)[at.row()][at.column()] = value;
      default -> throw new IllegalStateException("unknown kind " + input.kind);
    }
  }
}
