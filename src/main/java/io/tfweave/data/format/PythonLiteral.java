package io.tfweave.data.format;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small Python literals found in {@code .npy} headers: dicts, tuples, lists,
 * strings, ints (with an optional Python 2 {@code L} suffix), {@code True}, {@code False} and
 * {@code None}. Tuples and lists become {@link List}s, dicts {@link LinkedHashMap}s and ints
 * {@link Long}s.
 */
final class PythonLiteral {
  private final String text;
  private final String source;
  private int pos;

  private PythonLiteral(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses {@code text} as one literal; {@code source} names the file in error messages. */
  static Object parse(String text, String source) {
    PythonLiteral p = new PythonLiteral(text, source);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the literal");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of header");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return dict();
      case '(':
        return sequence(')');
      case '[':
        return sequence(']');
      case '\'':
      case '"':
        return string(c);
      default:
        return word();
    }
  }

  private Map<Object, Object> dict() {
    Map<Object, Object> map = new LinkedHashMap<>();
    pos++;
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      Object key = value();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> sequence(char close) {
    List<Object> items = new ArrayList<>();
    pos++;
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return Collections.unmodifiableList(items);
      }
      items.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string(char quote) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      sb.append(c);
    }
    expect(quote);
    return sb.toString();
  }

  private Object word() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || "+-_".indexOf(text.charAt(pos)) >= 0)) {
      pos++;
    }
    String w = text.substring(start, pos);
    switch (w) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        break;
    }
    String digits = w.endsWith("L") ? w.substring(0, w.length() - 1) : w;
    try {
      return new BigInteger(digits).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      pos = start;
      throw error("expected a value");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of header");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private MalformedDataException error(String what) {
    return new MalformedDataException(
        source + ": invalid .npy header, " + what + " at character " + pos + " of: " + text);
  }
}
