package dev.leadrouter.engine.intake;

import java.text.Normalizer;

/** Text as the field cleaners read it. */
final class CleanText {

  private CleanText() {}

  /**
   * NFKC (full-width digits, letters, {@code ＋ （ ） ＠ ．} and the ideographic space become ASCII),
   * without format characters (zero-width spaces and joiners, BOM); other control characters but
   * the newline, and lone surrogates, become a space.
   */
  static String nfkc(String raw) {
    String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    for (int i = 0; i < nfkc.length(); ) {
      int cp = nfkc.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.FORMAT) continue;
      if ((type == Character.CONTROL && cp != '\n') || type == Character.SURROGATE) out.append(' ');
      else out.appendCodePoint(cp);
    }
    return out.toString();
  }
}
