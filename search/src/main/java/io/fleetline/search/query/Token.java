package io.fleetline.search.query;

/**
 * One token of a query string. A word keeps its text unescaped ({@code text}) and as a wildcard pattern
 * ({@code pattern}, wildcard characters written escaped kept escaped); a quoted value is never a pattern.
 */
record Token(Kind kind, String text, String pattern, boolean wildcard, int position) {
    enum Kind {
        WORD, QUOTED, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COLON, LT, LE, GT, GE, AND, OR, NOT, TO,
        MINUS, END
    }

    static Token symbol(Kind kind, String text, int position) {
        return new Token(kind, text, text, false, position);
    }

    boolean is(Kind other) {
        return kind == other;
    }

    /** A value: a word or a quoted string. */
    boolean isValue() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    /** The bare {@code *}: every thing, or every thing with the field. */
    boolean isStar() {
        return kind == Kind.WORD && wildcard && pattern.equals("*");
    }

    /** A pattern that starts with a wildcard, which AWS limits to one per query. */
    boolean leadingWildcard() {
        return wildcard && !isStar() && (pattern.startsWith("*") || pattern.startsWith("?"));
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "end of query";
            case QUOTED -> "\"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
