package dev.gradgen.processor.model;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one graph builder fuses, decided before any code is written: the runs of statements that
 * become one node each, the role of every expression of the body (a leaf, an operation a fused node
 * can absorb, or the root of a fused node of its own), and the operations cut off into nodes of
 * their own so that every node fits the JVM's limits. The writers only read it.
 *
 * <p>Expressions and statements are looked up by identity: two equal sub-expressions at different
 * places of the body are different nodes.
 *
 * @param everywhere whether every straight-line expression and run is fused ({@code
 *     -Agradgen.fuse} on, first-order nodes), or only expressions nested deeper than javac can
 *     compile as one chain of calls
 * @param runs the fused runs, by their first statement
 * @param roles the role of each expression of the body, compound assignments' values included
 * @param cuts operations that a fused node around them reads as inputs (nodes of their own)
 * @param compoundValues {@code t op v} for each compound assignment {@code t op= v}: the one
 *     expression both the run and the builder write for it
 * @param reductions the reduction loops preaccumulated as one node per accumulator, by their loop
 * @param expressionSignatures the parameters of the helper of each fused expression, by the
 *     expression
 * @param runSignatures the parameters of the helper of each run, by its first statement
 */
public record FusionPlan(
    boolean everywhere,
    Map<Stmt, Run> runs,
    Map<Expr, Role> roles,
    Set<Expr> cuts,
    Map<Expr.Assign, Expr.Binary> compoundValues,
    Map<Stmt.For, ReductionLoop> reductions,
    Map<Expr, HelperSignature> expressionSignatures,
    Map<Stmt, HelperSignature> runSignatures) {

  /**
   * Copies the maps and sets into identity-keyed unmodifiable ones; a run, and a loop preaccumulated
   * as one node per accumulator (see {@link ReductionLoop}), need fusion on.
   */
  @SuppressWarnings("ReferenceEquality") // A loop is one place of the body, not an equal one.
  public FusionPlan {
    if (!everywhere && (!runs.isEmpty() || !reductions.isEmpty())) {
      throw new IllegalArgumentException("runs and loops are fused only when everything is");
    }
    for (Map.Entry<Stmt.For, ReductionLoop> reduction : reductions.entrySet()) {
      if (reduction.getKey() != reduction.getValue().loop()) {
        throw new IllegalArgumentException("a preaccumulated loop is found by its statement");
      }
    }
    reductions = identityCopy(reductions);
    runs = identityCopy(runs);
    roles = identityCopy(roles);
    compoundValues = identityCopy(compoundValues);
    Set<Expr> cutCopy = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Expr cut : cuts) {
      if (roles.get(cut) == null || roles.get(cut) == Role.LEAF) {
        throw new IllegalArgumentException("only a planned operation can be cut: " + cut);
      }
      cutCopy.add(cut);
    }
    cuts = Collections.unmodifiableSet(cutCopy);
    for (Map.Entry<Stmt, Run> run : runs.entrySet()) {
      if (run.getKey() != run.getValue().first()) {
        throw new IllegalArgumentException("a run is found by its first statement");
      }
    }
    for (Expr fused : expressionSignatures.keySet()) {
      if (roles.get(fused) != Role.FUSED) {
        throw new IllegalArgumentException("only a fused expression has a signature: " + fused);
      }
    }
    if (!runs.keySet().containsAll(runSignatures.keySet())) {
      throw new IllegalArgumentException("only a run has a signature");
    }
    expressionSignatures = identityCopy(expressionSignatures);
    runSignatures = identityCopy(runSignatures);
  }

  /** A plan without helper signatures (for tests of the other decisions). */
  public FusionPlan(
      boolean everywhere,
      Map<Stmt, Run> runs,
      Map<Expr, Role> roles,
      Set<Expr> cuts,
      Map<Expr.Assign, Expr.Binary> compoundValues,
      Map<Stmt.For, ReductionLoop> reductions) {
    this(everywhere, runs, roles, cuts, compoundValues, reductions, Map.of(), Map.of());
  }

  /** A plan with no preaccumulated loops. */
  public FusionPlan(
      boolean everywhere,
      Map<Stmt, Run> runs,
      Map<Expr, Role> roles,
      Set<Expr> cuts,
      Map<Expr.Assign, Expr.Binary> compoundValues) {
    this(everywhere, runs, roles, cuts, compoundValues, Map.of());
  }

  /** The parameters of the helper of the fused expression {@code root}. */
  public HelperSignature signatureOf(Expr root) {
    HelperSignature signature = expressionSignatures.get(root);
    if (signature == null) {
      throw new IllegalStateException("no helper signature for " + root.source());
    }
    return signature;
  }

  /** The parameters of the helper of the run whose first statement is {@code first}. */
  public HelperSignature runSignature(Stmt first) {
    HelperSignature signature = runSignatures.get(first);
    if (signature == null) {
      throw new IllegalStateException("no helper signature for the run at " + first);
    }
    return signature;
  }

  /**
   * The reduction {@code loop} is preaccumulated as, or null when it is written as a loop of nodes.
   * Only a first-order builder preaccumulates loops (its writer checks its node family).
   */
  public ReductionLoop reduction(Stmt.For loop) {
    return reductions.get(loop);
  }

  private static <K, V> Map<K, V> identityCopy(Map<K, V> map) {
    return Collections.unmodifiableMap(new IdentityHashMap<>(map));
  }

  /** What a writer does with an expression of the body. */
  public enum Role {
    /** Not an operation a fused node absorbs: an input of one, or written on its own. */
    LEAF,
    /** An arithmetic operation or fusable Math function on nodes, absorbed by a fused node. */
    OPERATION,
    /** An operation written as a fused node (or, unfused, a chain helper) of its own. */
    FUSED
  }

  /** The run that starts at {@code stmt}, or null when {@code stmt} is written on its own. */
  public Run runAt(Stmt stmt) {
    return runs.get(stmt);
  }

  /** Whether {@code expr} is an operation that a fused node around it can absorb. */
  public boolean isOperation(Expr expr) {
    return role(expr) != Role.LEAF;
  }

  /** Whether {@code expr} is written as a fused node (or a chain helper) of its own. */
  public boolean isFused(Expr expr) {
    return role(expr) == Role.FUSED;
  }

  /**
   * Whether {@code expr}, inside the fused node of {@code root}, is a node of its own that {@code
   * root}'s node reads as an input ({@code root} null for a run, whose expressions fit uncut).
   */
  @SuppressWarnings("ReferenceEquality") // The root is one place of the body, not an equal one.
  public boolean isCutBelow(Expr root, Expr expr) {
    return root != null && expr != root && cuts.contains(expr);
  }

  /** The one {@code target op value} expression planned for the compound assignment. */
  public Expr.Binary compoundValue(Expr.Assign assign) {
    Expr.Binary value = compoundValues.get(assign);
    if (value == null) {
      throw new IllegalStateException("no plan for the compound assignment " + assign.source());
    }
    return value;
  }

  private Role role(Expr expr) {
    Role role = roles.get(expr);
    if (role == null) {
      // A writer met an expression the planner never saw: a planner bug, not a user error.
      throw new IllegalStateException("no plan for " + expr.source());
    }
    return role;
  }

  /**
   * The size of one fused node, within the JVM's limits with a wide margin: operations bound the
   * helper's code (about 60 bytes each at most, against 64 KB per method), and parameter slots its
   * parameter list (255 at most: an input node takes one, a constant {@code double} two).
   */
  public record Size(int operations, int slots) {
    /** Most operations in one fused node. */
    public static final int MAX_OPERATIONS = 200;
    /** Most parameter slots of one fused helper. */
    public static final int MAX_SLOTS = 200;

    public static final Size NONE = new Size(0, 0);

    public Size plus(Size other) {
      return new Size(operations + other.operations, slots + other.slots);
    }

    public boolean fits() {
      return operations <= MAX_OPERATIONS && slots <= MAX_SLOTS;
    }
  }

  /**
   * A run of straight-line statements written as one node: declarations of active locals used only
   * later in the run ({@code temporaries}, which need no node), then {@code sink}, the statement
   * whose value ({@code result}) the node is.
   *
   * @param size the node's size, an upper bound (inputs counted as if none were shared)
   */
  public record Run(
      List<Stmt.LocalDeclaration> temporaries, Stmt sink, Sink kind, Expr result, Size size) {

    /** Copies the list; a run has at least one temporary and fits one node. */
    public Run {
      temporaries = List.copyOf(temporaries);
      if (temporaries.isEmpty()) {
        throw new IllegalArgumentException("a run without temporaries is one expression");
      }
      if (!size.fits()) {
        throw new IllegalArgumentException("a run must fit one node: " + size);
      }
    }

    /** The run's first statement. */
    public Stmt first() {
      return temporaries.get(0);
    }

    /** How many statements the run takes. */
    public int length() {
      return temporaries.size() + 1;
    }
  }

  /** What a run's last statement does with the node: the kinds of statement that can end a run. */
  public sealed interface Sink {
    <R> R accept(SinkVisitor<R> visitor);
  }

  /** One method per kind of {@link Sink}. */
  public interface SinkVisitor<R> {
    R visitDeclaration(Declaration declaration);

    R visitReturn(Return returnSink);

    R visitAssignment(Assignment assignment);
  }

  /** {@code double v = <node>;}: a declaration whose local is used after the run. */
  public record Declaration(Variable variable) implements Sink {
    @Override
    public <R> R accept(SinkVisitor<R> visitor) {
      return visitor.visitDeclaration(this);
    }
  }

  /** {@code return <node>;}. */
  public record Return() implements Sink {
    @Override
    public <R> R accept(SinkVisitor<R> visitor) {
      return visitor.visitReturn(this);
    }
  }

  /** {@code v = <node>;} or {@code v op= ...} written as {@code v = <node>}. */
  public record Assignment(Expr.VariableRef target) implements Sink {
    @Override
    public <R> R accept(SinkVisitor<R> visitor) {
      return visitor.visitAssignment(this);
    }
  }
}
