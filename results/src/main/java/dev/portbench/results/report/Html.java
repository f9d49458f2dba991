package dev.portbench.results.report;

/**
 * Escapes text for HTML element content and double-quoted attribute values. Every name on the page comes from a
 * user's results.csv, so all of it goes through here; markup is only ever written by the report's own code.
 */
final class Html {

    private Html() {
    }

    static String text(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Same escapes: safe between double quotes, and between single quotes too. */
    static String attribute(String value) {
        return text(value);
    }
}
