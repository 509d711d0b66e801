package dev.gradgen.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.analysis.ActivityAnalysis;
import dev.gradgen.processor.analysis.ArrayRanks;
import dev.gradgen.processor.analysis.CompanionNames;
import dev.gradgen.processor.analysis.ConstantResultCheck;
import dev.gradgen.processor.analysis.DerivativeRuleRegistry;
import dev.gradgen.processor.analysis.ForwardCoverage;
import dev.gradgen.processor.analysis.FusedCalls;
import dev.gradgen.processor.analysis.FusionPlanner;
import dev.gradgen.processor.analysis.MethodReader;
import dev.gradgen.processor.analysis.ReturnedArrays;
import dev.gradgen.processor.analysis.SecondOrderCheck;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.writer.CompanionWriter;
import dev.gradgen.processor.writer.CompanionWriter.AnalyzedMethod;
import dev.gradgen.processor.writer.RecordLayout;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * The entry point: for every class with {@code @Differentiable} methods, reads each method (trees in),
 * analyses which values carry derivatives, and writes the class's companion (JavaPoet out). Errors
 * are reported at the exact tree; an unexpected exception becomes an error on the method, never a
 * javac crash.
 */
@AutoService(Processor.class)
public final class DifferentiableProcessor extends AbstractProcessor {

  static final String ANNOTATION = TypeNames.DIFFERENTIABLE.canonicalName();
  /** Rules are checked in every compilation that declares one, with or without a gradient. */
  static final String RULE_ANNOTATION = TypeNames.DERIVATIVE_OF.canonicalName();
  /** Names rule classes compiled earlier; read by the rule registry, claimed here. */
  static final String RULES_DECLARATION = TypeNames.DERIVATIVE_RULES.canonicalName();
  /** {@code -Agradgen.fuse=false} writes one node per operation, for comparison and debugging. */
  static final String FUSE_OPTION = "gradgen.fuse";

  /** javax.annotation.processing.Generated, in module java.compiler. */
  private static final String GENERATED = TypeNames.GENERATED.canonicalName();

  private Trees trees;
  private boolean releaseReported;
  private ErrorReporter reporter;
  private MethodReader reader;
  private DerivativeRuleRegistry rules;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // @Generated too, only to claim it on gradgen's own companions (see claimsGenerated).
    return Set.of(ANNOTATION, RULE_ANNOTATION, RULES_DECLARATION, GENERATED);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(FUSE_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    trees = treesOf(processingEnv);
    if (trees != null) {
      reporter = new ErrorReporter(processingEnv.getMessager(), trees);
      reader = new MethodReader(
          processingEnv.getElementUtils(), processingEnv.getTypeUtils(), trees, reporter);
      rules = new DerivativeRuleRegistry(
          processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter);
      reader.useRules(rules);
    }
  }

  /**
   * javac's Trees, also behind the wrappers build tools put around the environment (Gradle's
   * incremental processing wraps it and keeps the original in a field named {@code delegate}).
   */
  private static Trees treesOf(ProcessingEnvironment env) {
    for (ProcessingEnvironment candidate = env; candidate != null; candidate = unwrap(candidate)) {
      try {
        return Trees.instance(candidate);
      } catch (IllegalArgumentException | LinkageError e) {
        // Not javac's own environment: try what it wraps.
      }
    }
    return null;
  }

  private static ProcessingEnvironment unwrap(ProcessingEnvironment wrapper) {
    for (Class<?> type = wrapper.getClass(); type != null; type = type.getSuperclass()) {
      for (String name : List.of("delegate", "processingEnv", "val$delegate")) {
        try {
          Field field = type.getDeclaredField(name);
          field.setAccessible(true);
          Object value = field.get(wrapper);
          if (value instanceof ProcessingEnvironment unwrapped && unwrapped != wrapper) {
            return unwrapped;
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // No such field here, or the module system forbids it: keep looking.
        }
      }
    }
    return null;
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement ruleAnnotation = processingEnv.getElementUtils().getTypeElement(RULE_ANNOTATION);
    if (rules != null && ruleAnnotation != null) {
      // First, so that the gradients of this round's methods can go through this round's rules.
      rules.addCompiled(round.getElementsAnnotatedWith(ruleAnnotation));
    }
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null || annotations.isEmpty()) {
      return false;
    }
    // gradgen's annotation is its alone: claiming it keeps -Xlint:processing (and so -Xlint:all
    // -Werror) quiet. The claim covers every annotation of the round, so none while another
    // tool's @Generated is among them.
    boolean claim = claimsGenerated(round);
    if (!annotations.contains(annotation)) {
      return claim;
    }
    Set<? extends Element> annotated = round.getElementsAnnotatedWith(annotation);
    if (trees == null) {
      if (!annotated.isEmpty()) {
        processingEnv
            .getMessager()
            .printMessage(
                Diagnostic.Kind.ERROR, Messages.noTrees(), annotated.iterator().next());
      }
      return claim;
    }
    if (processingEnv.getSourceVersion().compareTo(SourceVersion.RELEASE_16) < 0) {
      // Every companion would fail to compile on its records: one error, on the first method.
      if (!annotated.isEmpty() && !releaseReported) {
        releaseReported = true;
        reporter.errorAt(
            annotated.iterator().next(),
            Messages.releaseTooOld(processingEnv.getSourceVersion().name()));
      }
      return claim;
    }
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element element : annotated) {
      if (element.getKind() == ElementKind.METHOD) {
        byClass
            .computeIfAbsent((TypeElement) element.getEnclosingElement(), c -> new ArrayList<>())
            .add((ExecutableElement) element);
      } else {
        reporter.errorAt(
            element,
            Messages.notAnnotatable(element.getKind().toString().toLowerCase(Locale.ROOT)));
      }
    }
    byClass.forEach(this::processClass);
    // javac runs this processor only when some @Differentiable method is visible to it; then the
    // ones it cannot see, in local and anonymous classes, are reported too.
    HiddenAnnotationScanner hidden = new HiddenAnnotationScanner(trees);
    for (Element root : round.getRootElements()) {
      TreePath path = root instanceof TypeElement ? trees.getPath(root) : null;
      if (path != null) {
        hidden.scanClass(path);
      }
    }
    return claim;
  }

  private void processClass(TypeElement userClass, List<ExecutableElement> methods) {
    rules.checkDeclared(userClass);
    List<ForwardCoverage.Method> checked = new ArrayList<>();
    Map<String, ExecutableElement> byRecordName = new HashMap<>();
    for (ExecutableElement method : methods) {
      String recordName = CompanionNames.recordName(method.getSimpleName().toString());
      ExecutableElement clash = byRecordName.putIfAbsent(recordName, method);
      if (clash != null) {
        reporter.errorAt(
            method,
            Messages.overloadClash(
                method.getSimpleName().toString(),
                CompanionNames.companionOf(userClass).simpleName() + "." + recordName));
        continue;
      }
      int errorsBefore = reporter.errorCount();
      try {
        MethodModel model = reader.read(method);
        if (!RecordLayout.fits(model.signature())) {
          reporter.errorAt(method, Messages.gradientRecordTooLarge(RecordLayout.MAX_SLOTS));
          continue;
        }
        Activity activity = ActivityAnalysis.analyze(model, reporter);
        ReturnedArrays.check(model, reporter);
        if (reporter.errorCount() == errorsBefore) {
          ArrayRanks.check(model, activity, reporter);
          ConstantResultCheck.check(model, activity, reporter);
          SecondOrderCheck.check(model, activity, reporter);
          // A method with any error gets no companion: its model may lack what the errors left out.
          if (reporter.errorCount() == errorsBefore) {
            checked.add(new ForwardCoverage.Method(model, activity));
          }
        }
      } catch (AbortMethodException e) {
        // Reported where it was found; go on with the other methods.
      } catch (StackOverflowError e) {
        reporter.errorAt(method, Messages.tooDeep());
      } catch (RuntimeException | LinkageError e) {
        reporter.errorAt(method, Messages.internalError(e));
      }
    }
    // Planned once every method is read: a fused node absorbs calls of the companion's methods
    // that have forward functions, which the writer decides from the same methods.
    // The one coverage of the companion: the plans and the writer read the same (a method whose
    // planning fails still counts as covered, as the plans that absorb its calls assumed).
    ForwardCoverage coverage = ForwardCoverage.of(checked);
    FusedCalls calls = FusedCalls.of(checked, coverage);
    FusedCalls secondOrderCalls = FusedCalls.secondOrder(checked, coverage);
    List<AnalyzedMethod> analyzed = new ArrayList<>();
    for (ForwardCoverage.Method method : checked) {
      try {
        analyzed.add(plan(method.model(), method.activity(), calls, secondOrderCalls));
      } catch (StackOverflowError e) {
        reporter.errorAt(method.model().element(), Messages.tooDeep());
      } catch (RuntimeException | LinkageError e) {
        reporter.errorAt(method.model().element(), Messages.internalError(e));
      }
    }
    if (analyzed.isEmpty()) {
      return;
    }
    try {
      // A builder too large for the JVM is reported on the user's method; the companion is still
      // written, so that javac reports no other error about it (it compiles no code after errors).
      JavaFile file = CompanionWriter.write(
          userClass,
          analyzed,
          coverage,
          generatedAnnotationVisible(userClass),
          method -> reporter.errorAt(method.model().element(), Messages.builderTooLarge()),
          method ->
              reporter.errorAt(method.model().element(), Messages.secondOrderBuilderTooLarge()));
      file.writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      // The companion's name is taken: by a class of the user's, or by the companion of another
      // class (p.Outer.Inner and p.Outer_Inner both map to p.Outer_InnerGradients).
      reporter.errorAt(
          userClass,
          Messages.companionExists(
              CompanionNames.companionOf(userClass).toString(),
              userClass.getQualifiedName().toString()));
    } catch (StackOverflowError e) {
      reporter.errorAt(userClass, Messages.tooDeep());
    } catch (IOException | RuntimeException | LinkageError e) {
      reporter.errorAt(userClass, Messages.internalError(e));
    }
  }

  /**
   * The method with its fusion plans, decided before any writer runs: both builders fused as
   * {@code -Agradgen.fuse} says, by one plan (the second-order fusion writer cuts wide expressions
   * further by its own Hessian budget, and writes the preaccumulated loops with DualReduction).
   */
  private AnalyzedMethod plan(
      MethodModel model, Activity activity, FusedCalls calls, FusedCalls secondOrderCalls) {
    boolean fuse = !"false".equals(processingEnv.getOptions().get(FUSE_OPTION));
    FusionPlan plan = FusionPlanner.plan(model, activity, fuse, calls);
    // The second-order builder absorbs fewer calls (those whose callee has a hyper-dual forward
    // function, which gives the local Hessian too): its plan cuts the others.
    Optional<FusionPlan> secondOrder = !model.signature().secondOrder()
        ? Optional.empty()
        : Optional.of(FusionPlanner.plan(model, activity, fuse, secondOrderCalls));
    return new AnalyzedMethod(model, activity, plan, secondOrder);
  }

  /**
   * Whether the user's code can name {@code @Generated}: always on the class path, but a named module
   * sees it only when it reads java.compiler, and the companion must compile with no extra
   * {@code requires} (AutoValue's GeneratedAnnotations decides the same way).
   */
  private boolean generatedAnnotationVisible(TypeElement userClass) {
    Elements elements = processingEnv.getElementUtils();
    ModuleElement module = elements.getModuleOf(userClass);
    TypeElement generated = module == null || module.isUnnamed()
        ? elements.getTypeElement(GENERATED)
        : elements.getTypeElement(module, GENERATED);
    return generated != null;
  }

  /**
   * Whether every {@code @Generated} of this round (if any) is on a companion gradgen wrote. Then
   * gradgen claims it, because otherwise {@code -Xlint:processing} warns that no processor claimed
   * the annotation of our own output (and {@code -Werror} fails the build); another tool's
   * {@code @Generated} is left unclaimed for whichever processor wants it.
   */
  private boolean claimsGenerated(RoundEnvironment round) {
    TypeElement generated = processingEnv.getElementUtils().getTypeElement(GENERATED);
    if (generated == null) {
      return true; // not even visible (a module without java.compiler): nothing to leave
    }
    for (Element element : round.getElementsAnnotatedWith(generated)) {
      if (!writtenByGradgen(element, generated)) {
        return false;
      }
    }
    return true;
  }

  private static boolean writtenByGradgen(Element element, TypeElement generated) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().asElement().equals(generated)) {
        for (var entry : mirror.getElementValues().entrySet()) {
          // value is a String[]: a List of AnnotationValue, one per generator name.
          if (entry.getKey().getSimpleName().contentEquals("value")
              && entry.getValue().getValue() instanceof List<?> names) {
            for (Object name : names) {
              if (name instanceof AnnotationValue value
                  && DifferentiableProcessor.class.getName().equals(value.getValue())) {
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  }
}
