package dev.portbench.results;

/**
 * Neutralises text that a spreadsheet would execute as a formula (CSV injection): a cell starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
 * text and never evaluate. Applied to every text cell of CSVs meant for reports; numbers portbench formats itself are
 * written as numbers (a negative delta must stay a number).
 */
public final class SpreadsheetSafe {

    private SpreadsheetSafe() {
    }

    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
