package dev.gradgen.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Test support: compiles sources with the gradgen processor the way a user's build does, in memory,
 * and loads the compiled classes so tests can call plain methods and generated companions.
 */
public final class Compiled {

  private final Compilation compilation;
  private final ClassLoader loader;

  private Compiled(Compilation compilation) {
    this.compilation = compilation;
    this.loader = new InMemoryLoader(compilation, Compiled.class.getClassLoader());
  }

  /** Compiles {@code sources} given as (qualified class name, source text) pairs. */
  public static Compilation compile(String... namesAndSources) {
    return compile(List.of(), namesAndSources);
  }

  /** Compiles with javac {@code options}, such as {@code -Agradgen.fuse=false}. */
  public static Compilation compile(List<String> options, String... namesAndSources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (int i = 0; i < namesAndSources.length; i += 2) {
      files.add(JavaFileObjects.forSourceString(namesAndSources[i], namesAndSources[i + 1]));
    }
    return javac().withProcessors(new DifferentiableProcessor()).withOptions(options).compile(files);
  }

  /** Compiles and requires success, failing with javac's diagnostics otherwise. */
  public static Compiled of(String... namesAndSources) {
    return of(List.of(), namesAndSources);
  }

  /** Compiles with javac {@code options} and requires success. */
  public static Compiled of(List<String> options, String... namesAndSources) {
    return loading(compile(options, namesAndSources));
  }

  /** Loads the classes of {@code compilation}, which must have succeeded. */
  public static Compiled loading(Compilation compilation) {
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed:\n" + compilation.diagnostics());
    }
    return new Compiled(compilation);
  }

  public Compilation compilation() {
    return compilation;
  }

  public Class<?> load(String name) {
    try {
      return loader.loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls the public or package-private static method {@code name} of {@code className}. */
  public Object call(String className, String name, Object... args) {
    return invoke(load(className), null, name, args);
  }

  /** Calls an instance method. */
  public Object callOn(Object receiver, String name, Object... args) {
    return invoke(receiver.getClass(), receiver, name, args);
  }

  /** A new instance of a class with a no-argument constructor. */
  public Object newInstance(String className) {
    try {
      var constructor = load(className).getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object invoke(Class<?> type, Object receiver, String name, Object... args) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length
          && (receiver == null) == Modifier.isStatic(method.getModifiers())
          && accepts(method.getParameterTypes(), args)) {
        method.setAccessible(true);
        try {
          return method.invoke(receiver, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + name + Arrays.toString(args) + " in " + type);
  }

  private static boolean accepts(Class<?>[] types, Object[] args) {
    for (int i = 0; i < types.length; i++) {
      Class<?> boxed = types[i] == double.class ? Double.class
          : types[i] == int.class ? Integer.class
          : types[i] == long.class ? Long.class
          : types[i] == boolean.class ? Boolean.class
          : types[i];
      if (args[i] != null && !boxed.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  /** Reads a component of a generated gradient record by name. */
  public static Object component(Object record, String name) {
    try {
      Method accessor = record.getClass().getMethod(name);
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Loads classes from the compilation's in-memory class files. */
  private static final class InMemoryLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    InMemoryLoader(Compilation compilation, ClassLoader parent) {
      super(parent);
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
              path.length() - ".class".length()).replace('/', '.');
          classes.put(name, file);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = classes.get(name);
      if (file == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
