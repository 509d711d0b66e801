// An instance method of a class nested three deep: Sample_A_B_CGradients.
// f = k x^3 with k = 4
// expect: gradient
// method: Sample.A.B.C.f
// receiver: new Sample.A.B.C(4.0)
// at: 1.5
// at: -0.5
// d x: 12 * x * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static class A {
    static class B {
      static final class C {
        final double k;

        C(double k) {
          this.k = k;
        }

        @Differentiable
        double f(double x) {
          return k * x * x * x;
        }
      }
    }
  }
}
