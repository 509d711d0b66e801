package dev.gradgen.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.gradgen.processor.diagnostics.Messages;
import javax.tools.Diagnostic;

/**
 * Finds {@code @Differentiable} methods of local and anonymous classes (enum constant bodies
 * included), which javac never hands to annotation processors, and reports each one, so that none is
 * silently left without a companion.
 */
final class HiddenAnnotationScanner extends TreePathScanner<Void, Void> {

  private final Trees trees;
  private CompilationUnitTree unit;
  private int hidingDepth;

  HiddenAnnotationScanner(Trees trees) {
    this.trees = trees;
  }

  /** Reports the hidden annotated methods in the class declared at {@code path}. */
  void scanClass(TreePath path) {
    unit = path.getCompilationUnit();
    hidingDepth = 0;
    scan(path, null);
  }

  @Override
  public Void visitMethod(MethodTree method, Void unused) {
    if (hidingDepth > 0) {
      for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
        if (isDifferentiable(annotation)) {
          trees.printMessage(Diagnostic.Kind.ERROR, Messages.inLocalClass(), annotation, unit);
        }
      }
    }
    // Classes declared inside the body are local.
    hidingDepth++;
    try {
      return super.visitMethod(method, unused);
    } finally {
      hidingDepth--;
    }
  }

  @Override
  public Void visitNewClass(NewClassTree newClass, Void unused) {
    hidingDepth++;
    try {
      return super.visitNewClass(newClass, unused);
    } finally {
      hidingDepth--;
    }
  }

  /** {@code @Differentiable} imported from dev.gradgen, or {@code @dev.gradgen.Differentiable}. */
  private boolean isDifferentiable(AnnotationTree annotation) {
    Tree type = annotation.getAnnotationType();
    String name = type.toString();
    if (name.equals(DifferentiableProcessor.ANNOTATION)) {
      return true;
    }
    if (!name.equals("Differentiable")) {
      return false;
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    if (pkg.equals("dev.gradgen")) {
      return true;
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && (imported.equals(DifferentiableProcessor.ANNOTATION)
          || imported.equals("dev.gradgen.*"))) {
        return true;
      }
    }
    return false;
  }
}
