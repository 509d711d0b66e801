// Enum, record and record-array parameters are constants: their methods and accessors are called.
// expect: gradient
// method: Sample.f
// at: 0.5, Kind.B, new Point(2.0, -1.0), new Point[] {new Point(0, 0), new Point(3.0, 4.0)}
// at: -1.5, Kind.A, new Point(0.5, 2.0), new Point[] {new Point(1, 1), new Point(-2.0, 1.0)}
// d t: 2 * kind.ordinal() + 1.5 + p.x() + 2 * p.y() * t + ps[1].x()
package edge;

import dev.gradgen.Differentiable;

enum Kind {
  A, B;

  double weight() {
    return ordinal() + 1.5;
  }
}

record Point(double x, double y) {
}

class Sample {
  @Differentiable
  static double f(double t, Kind kind, Point p, Point[] ps) {
    return t * kind.ordinal() + t * kind.weight() + p.x() * t + p.y() * t * t + ps[1].x() * t;
  }
}
