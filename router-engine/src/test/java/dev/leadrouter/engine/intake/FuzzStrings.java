package dev.leadrouter.engine.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random and adversarial text for the cleaners' fuzz tests: a fixed seed, so a failure names the
 * input that caused it and reproduces. Includes null, blank, separators only, control and
 * zero-width characters, lone surrogates, emoji sequences, full-width forms, very long text and
 * mutations of realistic values.
 */
final class FuzzStrings {

  static final int COUNT = 10_000;

  private static final String[] ADVERSARIAL = {
      null, "", " ", "\t\n\r", "\u3000\u3000", "\u0000", "\u0000\u0001\u001f\u007f", "\uFEFF", "\u200B\u200D\u2060",
      "\uD800", "\uDFFF", "a\uD800b", "\uDBFF\uDFFF", "\u202E13800138000\u202C", "////", ",,,,", "，，，", "、、、",
      ";;;", "或或或", "- - -", "......", "((((((((", "))))))", "++++++++", "+", "00", "0086", "+86", "转", "分机",
      "ext.", "x", "xxxxxxxx", "********", "××××", "@", "@@@@", "<<<>>>", "<>", "\"\"", "mailto:", "mailto:mailto:",
      "万", "万万万万", "亿亿亿亿亿亿", "一二三四五六七八九十百千万亿", "零零零零", "点点点", "99999999999999999999999999亿",
      "1e999", "-1", "NaN", "Infinity", "9".repeat(400), "1 ".repeat(2_000), "+86 ".repeat(500), "138-".repeat(500),
      "老师", "先生", "/////老师", "（（（（", "（）", "【】", "《》", "Mr.", "Mr. Mr. Mr.", "·", "😀", "👨‍👩‍👧‍👦",
      "🇨🇳", "1️⃣2️⃣3️⃣", "\uFE0F\uFE0F", "a\u0301\u0301\u0301\u0301\u0301", "ｆｕｌｌｗｉｄｔｈ", "１２３４５６７８９０",
      "＋８６　１３８　００１３　８０００", "１３８＊＊＊＊５６７８", "ｗａｎｇ＠ｘ．ｃｎ", "五十万到一百万亿", "-", "~", "到",
      "以上以下", ">>>>", "<<<<", "≥≤", "¥$€", "面议".repeat(100), "中".repeat(100_000), "1".repeat(100_000),
      "@".repeat(50_000), "/".repeat(50_000), " ".repeat(50_000), "x1".repeat(20_000), "a@b.c ".repeat(5_000),
  };

  private static final String[] SEEDS = {
      "13800138000", "+86 138 0013 8000", "021-6123 4567转123", "(0755)8888 9999", "138****5678", "+852 9123 4567",
      "13800138000/13900139000", "王工 <wang@x.cn>", "\"Wang\" <wang@x.cn>, li@y.cn", "mailto:a@b.cn。",
      "张老师/高三数学", "李娜（经理）", "王小明 (Xiaoming Wang)", "欧阳老师", "Mr. Wang", "50-200万", "五十万到一百万",
      "¥30W以上", "US$2M", "不超过50万", "面议", "工业自动化", "PLC/储能", "K12", "广东省深圳市南山区",
  };

  /** Pieces random text is assembled from: digits, separators, markers, CJK, symbols, odd code points. */
  private static final String[] PIECES = {
      "0", "1", "3", "8", "9", "86", "138", "0086", "+", "-", " ", ".", "(", ")", "/", ",", "，", "、", ";", "或",
      "*", "x", "X", "×", "转", "分机", "ext", "#", "@", ".cn", "<", ">", "\"", "mailto:", "万", "千", "亿", "W",
      "k", "M", "十", "百", "两", "五", "到", "至", "~", "以上", "以内", "不超过", "¥", "$", "元", "美元", "面议",
      "老师", "总", "工", "先生", "女士", "Mr.", "欧阳", "王", "张", "（", "）", "【", "】", "·", "\u3000", "\t",
      "\n", "\u0000", "\u200B", "\uFE0F", "😀", "👍🏽", "\uD83D", "Ａ", "１", "＠", "．", "香港", "US", "美国",
  };

  private FuzzStrings() {}

  /** {@link #COUNT} strings: every adversarial one, mutated seeds, and random assemblies. */
  static List<String> generate(long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(COUNT);
    for (String s : ADVERSARIAL) out.add(s);
    while (out.size() < COUNT) {
      switch (random.nextInt(3)) {
        case 0 -> out.add(mutate(SEEDS[random.nextInt(SEEDS.length)], random));
        case 1 -> out.add(assemble(random));
        default -> out.add(codePoints(random));
      }
    }
    return out;
  }

  private static String mutate(String seed, Random random) {
    StringBuilder s = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.insert(at, PIECES[random.nextInt(PIECES.length)]);
        case 1 -> { if (s.length() > 0) s.deleteCharAt(at); }
        default -> { if (s.length() > 0) s.setCharAt(at, (char) random.nextInt(0x10000)); }
      }
    }
    return s.toString();
  }

  private static String assemble(Random random) {
    StringBuilder s = new StringBuilder();
    int pieces = random.nextInt(random.nextInt(10) == 0 ? 400 : 20);
    for (int i = 0; i < pieces; i++) s.append(PIECES[random.nextInt(PIECES.length)]);
    return s.toString();
  }

  /** Any code point, surrogate halves and unassigned ones included. */
  private static String codePoints(Random random) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(random.nextInt(20) == 0 ? 5_000 : 40);
    for (int i = 0; i < length; i++) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x4E00 + random.nextInt(0x5200);
        case 2 -> random.nextInt(0x10000);
        default -> random.nextInt(Character.MAX_CODE_POINT + 1);
      };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}
