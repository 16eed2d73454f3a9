package dev.deepfm.cli.report;

import java.util.Base64;
import java.util.List;

/** Escaping and the few HTML fragments the report repeats. Every piece of text goes through {@link #escape}. */
public final class Html {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Html() {}

  /** Text made safe for element content and quoted attribute values: {@code & < > " '} become entities. */
  public static String escape(Object value) {
    String s = String.valueOf(value);
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Whether {@code bytes} start with the PNG signature. */
  public static boolean isPng(byte[] bytes) {
    if (bytes == null || bytes.length < PNG_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < PNG_MAGIC.length; i++) {
      if (bytes[i] != PNG_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** An {@code <img>} whose source is the PNG itself, as a {@code data:} URI. */
  public static String pngImage(String id, String alt, byte[] png) {
    if (!isPng(png)) {
      throw new IllegalArgumentException("not a PNG image: " + id);
    }
    return "<img class=\"chart\" id=\"" + escape(id) + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\">";
  }

  /** A body row whose first {@code textColumns} cells are text (left-aligned in numeric tables). Cells are escaped. */
  public static String dataRow(int textColumns, List<?> cells) {
    StringBuilder sb = new StringBuilder("<tr>");
    int i = 0;
    for (Object c : cells) {
      sb.append(i++ < textColumns ? "<td class=\"text\">" : "<td>").append(escape(c)).append("</td>");
    }
    return sb.append("</tr>\n").toString();
  }

  /** A table row of cells; {@code header} cells are {@code th}. Cells are escaped. */
  public static String row(boolean header, List<?> cells) {
    StringBuilder sb = new StringBuilder("<tr>");
    String tag = header ? "th" : "td";
    for (Object c : cells) {
      sb.append('<').append(tag).append('>').append(escape(c)).append("</").append(tag).append('>');
    }
    return sb.append("</tr>\n").toString();
  }
}
