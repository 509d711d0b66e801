package dev.gradgen.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.TypeElement;

/**
 * The static type of a value in a differentiable method body: a primitive, String, an array of
 * either, or an opaque reference type that is only ever passed along.
 *
 * @param base the element kind
 * @param dims the number of array dimensions, 0 for a scalar
 * @param reference the name of a reference type's elements (with any type arguments), else null
 * @param element the class of a reference type's elements, for its members, else null
 */
public record ValueType(Base base, int dims, TypeName reference, TypeElement element) {

  /** The element kind of a type. */
  public enum Base {
    DOUBLE,
    INT,
    LONG,
    BOOLEAN,
    STRING,
    REFERENCE
  }

  public static final ValueType DOUBLE = new ValueType(Base.DOUBLE, 0, null, null);
  public static final ValueType INT = new ValueType(Base.INT, 0, null, null);
  public static final ValueType LONG = new ValueType(Base.LONG, 0, null, null);
  public static final ValueType BOOLEAN = new ValueType(Base.BOOLEAN, 0, null, null);
  public static final ValueType STRING = new ValueType(Base.STRING, 0, null, null);

  /** An opaque reference type, such as a parameter of a user's own class. */
  public static ValueType reference(TypeName type, TypeElement element) {
    return new ValueType(Base.REFERENCE, 0, type, element);
  }

  /** This type with one more array dimension. */
  public ValueType arrayOf() {
    return new ValueType(base, dims + 1, reference, element);
  }

  /** The type of this type's innermost elements: {@code double} for {@code double[][]}. */
  public ValueType elementType() {
    return new ValueType(base, 0, reference, element);
  }

  /** The element type of this array type. */
  public ValueType component() {
    if (dims == 0) {
      throw new IllegalStateException(this + " is not an array");
    }
    return new ValueType(base, dims - 1, reference, element);
  }

  public boolean isArray() {
    return dims > 0;
  }

  /** A scalar double, the only type whose values carry derivatives. */
  public boolean isDouble() {
    return base == Base.DOUBLE && dims == 0;
  }

  /** double, double[] or double[][]...: the types that may become Tensor nodes. */
  public boolean isDoubleBased() {
    return base == Base.DOUBLE;
  }

  public boolean isNumeric() {
    return dims == 0 && (base == Base.DOUBLE || base == Base.INT || base == Base.LONG);
  }

  /** Java's binary numeric promotion of two numeric types. */
  public static ValueType promote(ValueType a, ValueType b) {
    if (a.base == Base.DOUBLE || b.base == Base.DOUBLE) {
      return DOUBLE;
    }
    if (a.base == Base.LONG || b.base == Base.LONG) {
      return LONG;
    }
    return INT;
  }

  /** This type in plain Java. */
  public TypeName plainName() {
    TypeName name = switch (base) {
      case DOUBLE -> TypeName.DOUBLE;
      case INT -> TypeName.INT;
      case LONG -> TypeName.LONG;
      case BOOLEAN -> TypeName.BOOLEAN;
      case STRING -> TypeNames.STRING;
      case REFERENCE -> reference;
    };
    return wrap(name);
  }

  /** This type with its doubles replaced by Tensor nodes (double[] becomes Tensor[]). */
  public TypeName tensorName() {
    if (base != Base.DOUBLE) {
      throw new IllegalStateException(this + " cannot hold Tensor nodes");
    }
    return wrap(TypeNames.TENSOR);
  }

  private TypeName wrap(TypeName name) {
    for (int i = 0; i < dims; i++) {
      name = ArrayTypeName.of(name);
    }
    return name;
  }

  @Override
  public String toString() {
    return plainName().toString();
  }
}
