package dev.gradgen.processor.fuzz;

import dev.gradgen.processor.diagnostics.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random programs outside the subset that the processor must reject: each writes into the
 * elements of a parameter's or a static field's array through a local alias (a row store, an
 * initializer, a shallow clone of a 2-D array, a conditional, a row variable, a for-each row), and
 * must fail with the "cannot write into the elements of array parameter" or "cannot assign to
 * field" error on exactly the line of that write.
 */
final class RejectionPrograms {

  /** One program: its class, source, and the error it must get (message and 1-based line). */
  record Case(String qualifiedName, String source, int line, String message) {}

  private final Random rnd;
  private final List<String> lines = new ArrayList<>();
  private int writeLine;

  private RejectionPrograms(long seed) {
    this.rnd = new Random(seed);
  }

  /** The program {@code index} of the run with {@code seed}. */
  static Case generate(long seed, int index) {
    return new RejectionPrograms(seed * 1_000_003L + index).program("Rj" + index);
  }

  private Case program(String simpleName) {
    line("package p;");
    line("");
    line("import dev.gradgen.Differentiable;");
    line("");
    line("class " + simpleName + " {");
    line("  static double[] TAB = {0.5, 1.5};");
    line("");
    line(switch (rnd.nextInt(3)) {
      case 0 -> "  @Differentiable";
      case 1 -> "  @Differentiable(wrt = \"x\")";
      default -> "  @Differentiable(wrt = {\"x\", \"w\"})";
    });
    line("  static double f(double x, double[] w, double[][] m) {");
    line("    double s = x * 2.0;");
    for (int i = rnd.nextInt(4); i > 0; i--) {
      line("    s = s * x + " + (i * 0.5) + ";");
    }
    String op = pick(List.of("=", "+=", "*=", "-="));
    String value = pick(List.of("x * 3.0", "s", "Math.sin(x)"));
    String origin;
    switch (rnd.nextInt(8)) {
      case 0 -> {
        line("    double[][] g = new double[2][];");
        line("    g[0] = w;");
        line("    g[1] = new double[2];");
        write("    g[0][0] " + op + " " + value + ";");
        origin = "w";
      }
      case 1 -> {
        line("    double[][] g = {new double[2], w};");
        write("    g[1][" + rnd.nextInt(2) + "] " + op + " " + value + ";");
        origin = "w";
      }
      case 2 -> {
        line("    double[][] g = m.clone();");
        write("    g[1][0] " + op + " " + value + ";");
        origin = "m";
      }
      case 3 -> {
        line("    double[] t = new double[2];");
        line("    double[] u = s > 0.0 ? t : w;");
        write("    u[0] " + op + " " + value + ";");
        origin = "w";
      }
      case 4 -> {
        line("    double[] r = m[" + rnd.nextInt(2) + "];");
        write("    r[1] " + op + " " + value + ";");
        origin = "m";
      }
      case 5 -> {
        line("    for (double[] r : m) {");
        write("      r[0] " + op + " " + value + ";");
        line("    }");
        origin = "m";
      }
      case 6 -> {
        line("    double[][] g = {w};");
        line("    double[] r = g[0];");
        write("    r[0] " + op + " " + value + ";");
        origin = "w";
      }
      default -> {
        line("    double[][] g = {TAB};");
        write("    g[0][0] " + op + " " + value + ";");
        origin = "TAB";
      }
    }
    line("    return s + w[0] + m[0][0];");
    line("  }");
    line("}");
    String message = origin.equals("TAB")
        ? Messages.fieldWrite("TAB") : Messages.parameterArrayWrite(origin);
    return new Case("p." + simpleName, String.join("\n", lines) + "\n", writeLine, message);
  }

  private void line(String text) {
    lines.add(text);
  }

  private void write(String text) {
    lines.add(text);
    writeLine = lines.size();
  }

  private <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
