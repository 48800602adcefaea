package io.tfweave.layers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A mode that Keras spells as a lower-case string ({@code padding="same"}, {@code interpolation="bilinear"}): implemented by
 * the enums of the layer options ({@link Padding}, {@link Interpolation}, ...), which configs write by their Keras name and
 * read back by name.
 */
public interface KerasEnum {
  /** Keras's name: the constant's name in lower case ({@code SAME} → {@code same}). */
  default String kerasName() { return ((Enum<?>) this).name().toLowerCase(Locale.ROOT); }

  /**
   * The constant of {@code type} with Keras name {@code name} (any case); otherwise an {@link IllegalArgumentException}
   * naming {@code what} and listing the allowed names: {@code padding must be one of valid, same. Received: padding=full}.
   */
  static <E extends Enum<E> & KerasEnum> E parse(Class<E> type, String what, String name) {
    for (E e : type.getEnumConstants()) if (e.kerasName().equalsIgnoreCase(name)) return e;
    throw notOneOf(what, name, type.getEnumConstants());
  }

  /** {@code value} if it is one of {@code allowed} (a layer supporting only some modes); else fails as {@link #parse} does. */
  @SafeVarargs
  static <E extends Enum<E> & KerasEnum> E check(String what, E value, E... allowed) {
    for (E e : allowed) if (e == value) return value;
    throw notOneOf(what, value == null ? null : value.kerasName(), allowed);
  }

  private static IllegalArgumentException notOneOf(String what, String received, KerasEnum[] allowed) {
    String names = Arrays.stream(allowed).map(KerasEnum::kerasName).collect(Collectors.joining(", "));
    return new IllegalArgumentException(what + " must be one of " + names + ". Received: " + what + "=" + received);
  }
}
