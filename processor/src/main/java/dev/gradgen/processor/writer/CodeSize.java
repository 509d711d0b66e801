package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upper estimate of the bytecode javac makes of a generated method body, from its source
 * tokens, so that a graph builder that would exceed the JVM's 64 KB per method is reported on the
 * user's method instead of as "code too large" in the generated file. Each token is charged what
 * its widest instruction costs (wide local indices, long-offset branches). It reads the rendered
 * code by design, the one writer that does: what javac makes of a body depends on its code only.
 */
final class CodeSize {

  /** The JVM's limit on the bytecode of one method. */
  static final int JVM_LIMIT = 65535;
  /**
   * The most an estimate may reach: 5% below the limit, for the few shapes charged below their
   * cost (a comparison used as a boolean value rather than as a branch).
   */
  static final int MAX_BYTES = JVM_LIMIT - JVM_LIMIT / 20;

  // Literals and comments by possessive, unrolled loops: a group with an alternation repeated by
  // a plain star makes java.util.regex recurse once per character, and a string literal of a few
  // thousand characters in the user's method then overflowed the stack.
  private static final Pattern TOKEN = Pattern.compile(
      "\\s+|//[^\\n]*+|/\\*[^*]*+\\*++(?:[^/*][^*]*+\\*++)*+/"
          + "|\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'[^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+'"
          + "|(?<number>(?:0[xX][0-9a-fA-F_]+|\\d[\\d_]*\\.?[\\d_]*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)[dDfFlL]?)"
          + "|(?<word>[\\p{L}_$][\\p{L}\\p{N}_$]*)"
          + "|(?<op>>>>=|<<=|>>=|>>>|\\+\\+|--|&&|\\|\\||[<>=!]=|[-+*/%&|^]=|<<|>>|->|::|[-+*/%&|^!~<>=?:.,;(){}\\[\\]@])");
  private static final Pattern PACKAGE =
      Pattern.compile("(?<![\\p{L}\\p{N}_$.])(?:[a-z][\\p{L}\\p{N}_]*\\.)+(?=\\p{Lu})");
  private static final Set<String> FREE_KEYWORDS =
      Set.of("double", "int", "long", "boolean", "var", "final", "this", "super");
  /** Keywords whose statement branches (the comparison in its condition is charged apart). */
  private static final Set<String> BRANCHES =
      Set.of("if", "while", "for", "do", "else", "break", "continue", "case", "default");
  /** Blocks longer than this make javac write every jump with 32-bit offsets ("fatcode"). */
  private static final int SHORT_JUMP = 32767;
  /** What 32-bit offsets add to a jump: an inverted short branch around a goto_w. */
  private static final int FAT_EXTRA = 5;

  private CodeSize() {}

  /**
   * The estimate for {@code body}, whose method has at most {@code localSlots} local slots (more
   * than 255 make every local a {@code wide} instruction).
   */
  static long estimate(CodeBlock body, int localSlots) {
    // Outside a file, JavaPoet writes types qualified (dev.gradgen.Tensor): packages cost nothing.
    String source = PACKAGE.matcher(body.toString()).replaceAll("");
    int local = localSlots <= 4 ? 1 : localSlots <= 255 ? 2 : 4;
    long bytes = 0;
    long jumps = 0;
    boolean fat = false;
    Matcher m = TOKEN.matcher(source);
    String previous = "";
    // For each open brace: whether it opens an array initializer, and the bytes before it.
    Deque<Boolean> initializers = new ArrayDeque<>();
    Deque<Long> starts = new ArrayDeque<>();
    int at = 0;
    while (at < source.length() && m.find(at) && m.start() == at) {
      at = m.end();
      String token = m.group();
      if (token.isBlank() || token.startsWith("//") || token.startsWith("/*")) {
        continue;
      }
      String next = peek(source, at);
      if (m.group("number") != null) {
        bytes += number(token);
      } else if (token.startsWith("\"") || token.startsWith("'")) {
        bytes += 3;
      } else if (m.group("word") != null) {
        if (BRANCHES.contains(token)) {
          jumps++;
          // A loop jumps back as well as out; a case takes a switch table entry.
          bytes += token.equals("case") || token.equals("default")
              ? 8
              : token.equals("while") || token.equals("for") ? 6 : 3;
        } else {
          bytes += word(token, previous, next, local);
        }
      } else if (token.equals("{")) {
        boolean initializer = previous.equals("]");
        initializers.push(initializer);
        starts.push(bytes);
        // An initializer: the new array (its length pushed), then each element stored.
        bytes += initializer ? 5 + 5 : 0;
      } else if (token.equals("}")) {
        if (!starts.isEmpty()) {
          initializers.pop();
          fat |= bytes - starts.pop() > SHORT_JUMP;
        }
      } else if (token.equals(",")) {
        bytes += !initializers.isEmpty() && initializers.peek() ? 5 : 0;
      } else {
        if (Set.of("<", ">", "<=", ">=", "==", "!=", "&&", "||", "?").contains(token)) {
          jumps++;
        }
        bytes += operator(token, previous, local);
      }
      previous = token;
    }
    if (at < source.length()) {
      // Text the tokenizer does not know: charge it as if every character were an instruction.
      bytes += 4L * (source.length() - at);
    }
    return fat || bytes > 2L * SHORT_JUMP ? bytes + FAT_EXTRA * jumps : bytes;
  }

  private static int word(String token, String previous, String next, int local) {
    if (FREE_KEYWORDS.contains(token)) {
      return 0;
    }
    return switch (token) {
      case "switch" -> 16;
      case "new" -> 4;
      case "return", "throw", "true", "false", "null" -> 1;
      default -> {
        if (next.equals("(") || previous.equals(".")) {
          yield 3;
        }
        // A class: qualifying a member, or the type of a declaration or array.
        boolean type = Character.isUpperCase(token.charAt(0))
            && (next.equals(".")
                || next.equals("[")
                || Character.isJavaIdentifierStart(next.charAt(0)));
        yield type ? 0 : local;
      }
    };
  }

  /** A literal: small integers and 0.0, 1.0 have one-byte instructions, others a constant. */
  private static int number(String token) {
    String digits = token.replaceAll("[_lL]", "");
    if (digits.equals("0.0") || digits.equals("1.0")) {
      return 1;
    }
    if (digits.matches("\\d{1,5}")) {
      int value = Integer.parseInt(digits);
      return value <= 5 ? 1 : value <= 127 ? 2 : 3;
    }
    return 3;
  }

  private static int operator(String token, String previous, int local) {
    return switch (token) {
      // A new array's dimension, or an element read or written.
      case "[" -> isTypeName(previous) ? 3 : 1;
      // A comparison (its branch is charged to the statement or operator it is in), one more
      // branch, a branch and a jump.
      case "<", ">", "<=", ">=", "==", "!=" -> 1;
      case "&&", "||" -> 3;
      case "?" -> 6;
      case "!" -> 4;
      case "++", "--" -> local > 2 ? 6 : 3;
      case "(", ")", ".", "]", "=", "@", "->", "::", ";", ":" -> 0;
      // Arithmetic, bit operators, compound assignments: one instruction, maybe a conversion.
      default -> 2;
    };
  }

  private static boolean isTypeName(String token) {
    return FREE_KEYWORDS.contains(token)
        || !token.isEmpty() && Character.isUpperCase(token.charAt(0));
  }

  private static String peek(String source, int at) {
    while (at < source.length() && Character.isWhitespace(source.charAt(at))) {
      at++;
    }
    return at < source.length() ? String.valueOf(source.charAt(at)) : "";
  }
}
