package io.fleetline.search.query;

import io.fleetline.search.query.Token.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Splits a query string into tokens; words end at white space (Java's definition, as AWS says) or a symbol. */
final class Lexer {
    /** Characters AWS's syntax does not take outside quotes. */
    private static final String UNSUPPORTED = "`@#%/';,";
    private static final String SYMBOLS = "()[]{}:<>\"";
    /** After these a '-' starts a value ({@code attributes.t:-5}); elsewhere it excludes the clause that follows. */
    private static final Set<Kind> VALUE_FOLLOWS = EnumSet.of(Kind.COLON, Kind.LT, Kind.LE, Kind.GT, Kind.GE,
            Kind.LBRACKET, Kind.LBRACE, Kind.TO);

    private final String query;
    private final List<Token> tokens = new ArrayList<>();
    private int at;

    private Lexer(String query) {
        this.query = query;
    }

    static List<Token> tokens(String query) {
        Lexer lexer = new Lexer(query);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            while (at < query.length() && Character.isWhitespace(query.charAt(at))) {
                at++;
            }
            if (at == query.length()) {
                tokens.add(Token.symbol(Kind.END, "", at));
                return;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = at;
        char c = query.charAt(at);
        switch (c) {
            case '(' -> { at++; return Token.symbol(Kind.LPAREN, "(", start); }
            case ')' -> { at++; return Token.symbol(Kind.RPAREN, ")", start); }
            case '[' -> { at++; return Token.symbol(Kind.LBRACKET, "[", start); }
            case ']' -> { at++; return Token.symbol(Kind.RBRACKET, "]", start); }
            case '{' -> { at++; return Token.symbol(Kind.LBRACE, "{", start); }
            case '}' -> { at++; return Token.symbol(Kind.RBRACE, "}", start); }
            case ':' -> { at++; return Token.symbol(Kind.COLON, ":", start); }
            case '<', '>' -> { return comparison(c, start); }
            case '"' -> { return quoted(start); }
            case '-' -> {
                if (!followsValueSymbol()) {
                    return minus(start);
                }
                return word(start);
            }
            default -> { return word(start); }
        }
    }

    private Token comparison(char c, int start) {
        at++;
        boolean orEqual = at < query.length() && query.charAt(at) == '=';
        if (orEqual) {
            at++;
        }
        Kind kind = c == '<' ? (orEqual ? Kind.LE : Kind.LT) : (orEqual ? Kind.GE : Kind.GT);
        return Token.symbol(kind, query.substring(start, at), start);
    }

    private boolean followsValueSymbol() {
        return !tokens.isEmpty() && VALUE_FOLLOWS.contains(tokens.get(tokens.size() - 1).kind());
    }

    private Token minus(int start) {
        at++;
        if (at == query.length() || Character.isWhitespace(query.charAt(at))) {
            throw new InvalidQueryException("'-' must come right before the term it excludes", start);
        }
        return Token.symbol(Kind.MINUS, "-", start);
    }

    private Token quoted(int start) {
        StringBuilder text = new StringBuilder();
        at++;
        while (at < query.length()) {
            char c = query.charAt(at++);
            if (c == '"') {
                return new Token(Kind.QUOTED, text.toString(), text.toString(), false, start);
            }
            if (c == '\\') {
                if (at == query.length()) {
                    break;
                }
                c = query.charAt(at++);
            }
            text.append(c);
        }
        throw new InvalidQueryException("Unterminated quoted value", start);
    }

    private Token word(int start) {
        StringBuilder text = new StringBuilder();
        StringBuilder pattern = new StringBuilder();
        boolean wildcard = false;
        while (at < query.length()) {
            char c = query.charAt(at);
            if (Character.isWhitespace(c) || SYMBOLS.indexOf(c) >= 0) {
                break;
            }
            if (UNSUPPORTED.indexOf(c) >= 0) {
                throw new InvalidQueryException("Unsupported character '" + c + "' (quote the value)", at);
            }
            at++;
            if (c == '\\') {
                if (at == query.length()) {
                    throw new InvalidQueryException("Nothing to escape after '\\'", at - 1);
                }
                char escaped = query.charAt(at++);
                text.append(escaped);
                pattern.append(escaped == '*' || escaped == '?' || escaped == '\\' ? "\\" + escaped
                        : String.valueOf(escaped));
            } else {
                wildcard |= c == '*' || c == '?';
                text.append(c);
                pattern.append(c);
            }
        }
        String raw = query.substring(start, at);
        Kind keyword = switch (raw) {
            case "AND" -> Kind.AND;
            case "OR" -> Kind.OR;
            case "NOT" -> Kind.NOT;
            case "TO" -> Kind.TO;
            default -> Kind.WORD;
        };
        return new Token(keyword, text.toString(), pattern.toString(), wildcard, start);
    }
}
