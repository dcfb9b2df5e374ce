package dev.leadrouter.persistence;

/**
 * Text made to fit a VARCHAR column of H2 and PostgreSQL (pure). NUL characters are dropped
 * (PostgreSQL refuses them in text), an unpaired surrogate becomes U+FFFD (it has no UTF-8 form),
 * and the text is cut to the column's width without splitting a surrogate pair. Widths count UTF-16
 * units, as H2 does; PostgreSQL counts code points, of which there are never more, so text that fits
 * here fits both.
 */
public final class ColumnText {

  private ColumnText() {}

  /** {@code text} as it can be written to a column of {@code width} characters; null stays null. */
  public static String fit(String text, int width) {
    if (text == null) return null;
    StringBuilder out = new StringBuilder(Math.min(text.length(), width));
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0) continue;
      if (Character.getType(cp) == Character.SURROGATE) cp = '\uFFFD';
      if (out.length() + Character.charCount(cp) > width) break;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }
}
