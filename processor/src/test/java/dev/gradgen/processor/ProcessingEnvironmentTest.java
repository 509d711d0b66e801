package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.gradgen.processor.diagnostics.Messages;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor behind wrapped processing environments: Gradle's incremental wrapper (unwrapped
 * through its {@code delegate} field) works; an environment without javac's Trees gets one error.
 */
class ProcessingEnvironmentTest {

  private static final JavaFileObject SOURCE = JavaFileObjects.forSourceString("p.F", """
      package p;
      import dev.gradgen.Differentiable;
      class F {
        @Differentiable static double f(double x) { return x * x; }
      }
      """);

  /** Stands in for Gradle's IncrementalProcessingEnvironment: the real one kept in {@code delegate}. */
  private static final class Wrapper implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    Wrapper(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override public java.util.Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public javax.annotation.processing.Messager getMessager() { return delegate.getMessager(); }
    @Override public javax.annotation.processing.Filer getFiler() { return delegate.getFiler(); }
    @Override public javax.lang.model.util.Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public javax.lang.model.util.Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public java.util.Locale getLocale() { return delegate.getLocale(); }
  }

  /** Runs the gradgen processor with the environment javac gives, transformed. */
  private static final class WrappingProcessor extends AbstractProcessor {
    private final DifferentiableProcessor processor = new DifferentiableProcessor();
    private final java.util.function.UnaryOperator<ProcessingEnvironment> wrap;

    WrappingProcessor(java.util.function.UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      processor.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return processor.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return processor.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return processor.process(annotations, round);
    }
  }

  @Test
  void unwrapsAnEnvironmentWithADelegateField() {
    Compilation compilation = javac()
        .withProcessors(new WrappingProcessor(Wrapper::new))
        .compile(SOURCE);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("p.FGradients");
  }

  @Test
  void reportsOneClearErrorWithoutTrees() {
    Compilation compilation = javac()
        .withProcessors(new WrappingProcessor(env -> (ProcessingEnvironment) Proxy.newProxyInstance(
            ProcessingEnvironment.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            (proxy, method, args) -> method.invoke(env, args))))
        .compile(SOURCE);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(Messages.noTrees());
  }
}
