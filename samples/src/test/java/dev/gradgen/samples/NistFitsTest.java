package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NIST fits reach the certified values from both starts. */
class NistFitsTest {

  private static NistFits.JacobianFunction byHand(String name) {
    return switch (name) {
      case "Misra1a" -> NistJacobiansByHand::misra1a;
      case "Chwirut2" -> NistJacobiansByHand::chwirut2;
      case "Thurber" -> NistJacobiansByHand::thurber;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Misra1a", "Chwirut2", "Thurber"})
  void handJacobianFitMatchesTheCertifiedValues(String name) {
    NistProblem p = NistProblem.load(name);
    NistFits.Result r = NistFits.fitBoth(p, byHand(name));
    NistFits.print(r, System.out);
    for (NistFits.Fit fit : new NistFits.Fit[] {r.fromStart1(), r.fromStart2()}) {
      assertTrue(fit.minLre() >= 6, name + ": " + fit.minLre());
      assertTrue(NistFits.lre(fit.rss(), p.certifiedRss()) >= 6);
    }
  }
}
