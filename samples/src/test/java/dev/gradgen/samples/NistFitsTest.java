package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NIST fits on the generated Jacobians reach the certified values from both starts. */
class NistFitsTest {

  private static NistFits.Model model(String name) {
    return NistFits.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

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
  void generatedJacobianFitMatchesTheCertifiedValuesFromBothStarts(String name) {
    NistProblem p = NistProblem.load(name);
    NistFits.Result r = NistFits.fitBoth(p, model(name).jacobian());
    for (NistFits.Fit fit : List.of(r.fromStart1(), r.fromStart2())) {
      // At least 6 significant digits of every parameter, by NIST's measure, and of the RSS.
      for (int j = 0; j < p.certified().length; j++) {
        double relative = Math.abs(fit.params()[j] - p.certified()[j]) / Math.abs(p.certified()[j]);
        assertTrue(relative <= 1e-6, name + " " + p.parameters().get(j) + ": " + relative);
        assertTrue(fit.lre()[j] >= 6);
      }
      assertEquals(p.certifiedRss(), fit.rss(), 1e-6 * p.certifiedRss());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Misra1a", "Chwirut2", "Thurber"})
  void handDerivedJacobianFitAgreesToo(String name) {
    NistProblem p = NistProblem.load(name);
    NistFits.Result r = NistFits.fitBoth(p, byHand(name));
    assertTrue(r.fromStart1().minLre() >= 6, name + ": " + r.fromStart1().minLre());
    assertTrue(r.fromStart2().minLre() >= 6, name + ": " + r.fromStart2().minLre());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Misra1a", "Chwirut2", "Thurber"})
  void generatedJacobianMatchesTheHandDerivedOne(String name) {
    NistProblem p = NistProblem.load(name);
    NistFits.Model m = model(name);
    for (double[] b : List.of(p.start1(), p.start2(), p.certified())) {
      NistFits.Residuals expected = byHand(name).at(b, p.x(), p.y());
      NistFits.Residuals actual = m.jacobian().at(b, p.x(), p.y());
      // The value is what the plain method returns, bit for bit.
      assertArrayEquals(m.residuals().at(b, p.x(), p.y()), actual.value());
      assertArrayEquals(expected.value(), actual.value(), 1e-9);
      for (int i = 0; i < p.x().length; i++) {
        for (int j = 0; j < b.length; j++) {
          double e = expected.b()[i][j];
          assertEquals(e, actual.b()[i][j], 1e-12 * Math.max(1, Math.abs(e)),
              name + " dr[" + i + "]/db[" + j + "]");
        }
      }
    }
  }

  @Test
  void problemsAreReadWithTheirCertifiedValues() {
    NistProblem misra = NistProblem.load("Misra1a");
    assertEquals(List.of("b1", "b2"), misra.parameters());
    assertEquals(14, misra.x().length);
    assertArrayEquals(new double[] {500, 0.0001}, misra.start1());
    assertArrayEquals(new double[] {250, 0.0005}, misra.start2());
    assertArrayEquals(new double[] {2.3894212918E+02, 5.5015643181E-04}, misra.certified());
    assertEquals(1.2455138894E-01, misra.certifiedRss());
    assertEquals(77.6, misra.x()[0]);
    assertEquals(10.07, misra.y()[0]);
    assertEquals("y = b1*(1-exp[-b2*x])", misra.model());
    assertEquals(54, NistProblem.load("Chwirut2").x().length);
    NistProblem thurber = NistProblem.load("Thurber");
    assertEquals(37, thurber.x().length);
    assertEquals(7, thurber.certified().length);
    assertEquals(5.6427082397E+03, thurber.certifiedRss());
  }

  @Test
  void logRelativeErrorCountsAgreeingDigits() {
    assertEquals(NistFits.MAX_LRE, NistFits.lre(238.94212918, 238.94212918));
    assertEquals(6, NistFits.lre(1.000001, 1), 1e-9);
    assertEquals(3, NistFits.lre(-2.002, -2), 1e-9);
    assertEquals(0, NistFits.lre(50, 1));
    assertEquals(0, NistFits.lre(Double.NaN, 1));
  }

  @Test
  void runPrintsEveryProblemAndDrawsThem(@TempDir Path dir) throws IOException {
    List<NistFits.Result> results = NistFits.run(dir, Quiet.stream());
    assertEquals(3, results.size());
    Path png = dir.resolve("nist-fits.png");
    assertTrue(Files.size(png) > 0);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(3 * 400, image.getWidth());
  }
}
