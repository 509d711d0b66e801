package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fused helpers of one companion, each body written once: code whose helper has the same body
 * up to the names of its parameters (six {@code (num + a[i]) * ysq}-like loops of {@code erfc})
 * calls one helper, named after the first code that needed it, so that names stay stable. The
 * bodies are compared as rendered, by design: two helpers with the same code are the same method.
 */
final class FusedHelpers {

  /**
   * A parameter of a helper as a reader sees it: its name in the helper, the user's text of the
   * argument, and whether it is an input node (else a constant).
   */
  record Input(String name, String quoted, boolean node) {}

  /** One code a helper computes: the method's Javadoc link (or null), its text and its inputs. */
  record Use(CodeBlock method, String source, List<Input> generic, List<Input> user) {
    Use {
      generic = List.copyOf(generic);
      user = List.copyOf(user);
    }
  }

  private static final class Entry {
    final String name;
    final MethodSpec generic;
    final MethodSpec user;
    final boolean chain;
    final List<Use> uses = new ArrayList<>();
    /** Whether every use has the same body with the user's names too (then those are kept). */
    boolean sameUserNames = true;

    Entry(String name, MethodSpec generic, MethodSpec user, boolean chain) {
      this.name = name;
      this.generic = generic;
      this.user = user;
      this.chain = chain;
    }
  }

  /** The helpers by their body with generic names, in the order they were first needed. */
  private final Map<String, Entry> byBody = new LinkedHashMap<>();

  /**
   * The name of the helper with {@code generic}'s body (a body with generic names only), a new one
   * from {@code newName} if there is none yet; {@code user} is the same body with the user's names.
   */
  String register(
      MethodSpec generic, MethodSpec user, Use use, boolean chain, Supplier<String> newName) {
    String key = generic.toString();
    Entry entry = byBody.get(key);
    if (entry == null) {
      entry = new Entry(newName.get(), generic, user, chain);
      byBody.put(key, entry);
    } else if (!entry.user.toString().equals(user.toString())) {
      entry.sameUserNames = false;
    }
    entry.uses.add(use);
    return entry.name;
  }

  /** Every helper, with a Javadoc quoting each code it computes. */
  List<MethodSpec> helpers() {
    List<MethodSpec> out = new ArrayList<>();
    for (Entry entry : byBody.values()) {
      MethodSpec body = entry.sameUserNames ? entry.user : entry.generic;
      out.add(MethodSpec.methodBuilder(entry.name)
          .addJavadoc(javadoc(entry))
          .addModifiers(body.modifiers())
          .returns(body.returnType())
          .addParameters(body.parameters())
          .addCode(body.code())
          .build());
    }
    return out;
  }

  private static CodeBlock javadoc(Entry entry) {
    CodeBlock.Builder doc = CodeBlock.builder();
    if (entry.chain) {
      doc.add("Second order: a chain of nodes, one per operation, built one after the other"
          + " (nested,\nthe calls would be too deep for javac), for ");
    } else {
      doc.add("Reverse mode, as one node: the value computed as written (bit for bit the plain"
          + " value) and its\npartial with respect to each input node ({@code _d_x} for"
          + " {@code x}) by one reverse sweep, for ");
    }
    if (entry.uses.size() == 1) {
      doc.add("this code.\n");
    } else {
      doc.add("these $L codes.\n", entry.uses.size());
    }
    for (Use use : entry.uses) {
      List<Input> inputs = entry.sameUserNames ? use.user() : use.generic();
      doc.add("<p>");
      if (use.method() == null) {
        doc.add("In");
      } else {
        doc.add("In {@link $L}", use.method());
      }
      List<CodeBlock> nodes = new ArrayList<>();
      List<CodeBlock> constants = new ArrayList<>();
      for (Input input : inputs) {
        CodeBlock named = input.name().equals(input.quoted())
            ? CodeBlock.of("{@code $L}", input.name())
            : CodeBlock.of("{@code $L} = {@code $L}", input.name(), escape(input.quoted()));
        (input.node() ? nodes : constants).add(named);
      }
      if (!nodes.isEmpty()) {
        doc.add(", with respect to $L", CodeBlock.join(nodes, ", "));
      }
      if (!constants.isEmpty()) {
        doc.add(
            "$L $L",
            (nodes.isEmpty() ? ", " : "; ") + (constants.size() == 1 ? "constant" : "constants"),
            CodeBlock.join(constants, ", "));
      }
      doc.add(":\n<pre>{@code\n$L\n}</pre>\n", escape(use.source()));
    }
    return doc.build();
  }

  /** {@code text} safe inside a Javadoc comment: no end of comment, no tag, no unicode escape. */
  static String escape(String text) {
    return text.replace("*/", "*&#47;").replace("@", "&#64;").replace("\\u", "&#92;u");
  }
}
