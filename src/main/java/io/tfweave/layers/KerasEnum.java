package io.tfweave.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A mode that Keras spells as a lower-case string ({@code padding="same"}, {@code interpolation="bilinear"}): implemented by
 * the enums of the layer options ({@link Padding}, {@link Interpolation}, ...), which configs write by their Keras name and
 * read back by name.
 */
public interface KerasEnum {
  /** Keras's name: the constant's name in lower case ({@code SAME} → {@code same}). */
  default String kerasName() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of {@code type} with Keras name {@code name} (any case); otherwise an {@link IllegalArgumentException}
   * naming {@code what} and listing the allowed names: {@code padding must be one of valid, same. Received: padding=full}.
   */
  static <E extends Enum<E> & KerasEnum> E parse(Class<E> type, String what, String name) {
    for (E e : type.getEnumConstants()) if (e.kerasName().equalsIgnoreCase(name)) return e;
    throw notOneOf(
        what,
        name,
        Arrays.stream(type.getEnumConstants()).map(KerasEnum::kerasName).toList());
  }

  /** {@code value} if it is one of {@code allowed} (a layer supporting only some modes); else fails as {@link #parse} does. */
  @SafeVarargs
  static <E extends Enum<E> & KerasEnum> E check(String what, E value, E... allowed) {
    List<String> names = new ArrayList<>();
    for (E e : allowed) {
      if (e == value) return value;
      names.add(e.kerasName());
    }
    throw notOneOf(what, value == null ? null : value.kerasName(), names);
  }

  private static IllegalArgumentException notOneOf(
      String what, String received, List<String> names) {
    return new IllegalArgumentException(what + " must be one of " + String.join(", ", names)
        + ". Received: " + what + "=" + received);
  }
}
