package io.fleetline.search.query;

import io.fleetline.search.query.FleetQuery.Bound;
import io.fleetline.search.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the AWS fleet-indexing query syntax: field terms ({@code thingName:abc}), terms without a field, wildcards
 * {@code *} and {@code ?}, ranges {@code [a TO b]} and {@code {a TO b}} (either end open with {@code *}),
 * comparisons {@code <} {@code <=} {@code >} {@code >=}, {@code AND} (also implied between clauses), {@code OR},
 * {@code NOT} and {@code -}, parentheses, field groups ({@code thingName:(tv* AND -plasma)}) and quoted values.
 * AWS's limits hold: at most {@value #MAX_TERMS} terms, one term with a leading wildcard, and then at most
 * {@value #MAX_LENGTH_WITH_LEADING_WILDCARD} characters.
 */
public final class QueryParser {
    /** The most terms a query may hold (AWS: twelve). */
    public static final int MAX_TERMS = 12;
    /** The longest query AWS takes when it holds a leading wildcard. */
    public static final int MAX_LENGTH_WITH_LEADING_WILDCARD = 100;
    /** A bound of our own, so that a query is bounded before it is parsed; AWS documents none. */
    public static final int MAX_LENGTH = 4096;
    /** How deep parentheses and negations may nest, so that parsing stays within the stack. */
    public static final int MAX_DEPTH = 32;

    private final String query;
    private final List<Token> tokens;
    private int next;
    private int terms;
    private int leadingWildcards;
    private int depth;

    private QueryParser(String query, List<Token> tokens) {
        this.query = query;
        this.tokens = tokens;
    }

    /**
     * Parses a query string.
     *
     * @throws InvalidQueryException naming the problem and its position when the syntax refuses the query
     */
    public static FleetQuery parse(String query) {
        if (query.length() > MAX_LENGTH) {
            throw new InvalidQueryException("The query is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        if (query.isBlank()) {
            throw new InvalidQueryException("The query is empty", 0);
        }
        return new QueryParser(query, Lexer.tokens(query)).whole();
    }

    /** Whether a value reads as a number, and so is also compared as one. */
    public static boolean isNumber(String value) {
        return Values.isNumber(value);
    }

    /** Whether a query may name the field (aggregations take the same field names). */
    public static boolean isField(String field) {
        return FieldNames.known(field);
    }

    private FleetQuery whole() {
        FleetQuery parsed = or(FleetQuery.ANY_FIELD);
        Token end = peek();
        if (!end.is(Kind.END)) {
            throw new InvalidQueryException(end.is(Kind.RPAREN) ? "')' without a matching '('"
                    : "Unexpected " + end.describe(), end.position());
        }
        return parsed;
    }

    private FleetQuery or(String field) {
        List<FleetQuery> clauses = new ArrayList<>(List.of(and(field)));
        while (peek().is(Kind.OR)) {
            take();
            clauses.add(and(field));
        }
        return clauses.size() == 1 ? clauses.get(0) : new FleetQuery.Or(clauses);
    }

    private FleetQuery and(String field) {
        List<FleetQuery> clauses = new ArrayList<>(List.of(unary(field)));
        while (true) {
            Token token = peek();
            if (token.is(Kind.AND)) {
                take();
            } else if (!startsClause(token)) {
                break;
            }
            clauses.add(unary(field));
        }
        return clauses.size() == 1 ? clauses.get(0) : new FleetQuery.And(clauses);
    }

    private static boolean startsClause(Token token) {
        return switch (token.kind()) {
            case WORD, QUOTED, LPAREN, NOT, MINUS, LBRACKET, LBRACE -> true;
            default -> false;
        };
    }

    private FleetQuery unary(String field) {
        Token token = peek();
        if (token.is(Kind.NOT) || token.is(Kind.MINUS)) {
            take();
            deeper(token);
            FleetQuery negated = new FleetQuery.Not(unary(field));
            depth--;
            return negated;
        }
        return primary(field);
    }

    private void deeper(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new InvalidQueryException("The query nests deeper than " + MAX_DEPTH + " levels", token.position());
        }
    }

    private FleetQuery group(String field, Token open) {
        deeper(open);
        FleetQuery inner = or(field);
        expect(Kind.RPAREN, "Missing ')' to close the '(' at position " + open.position());
        depth--;
        return inner;
    }

    private FleetQuery primary(String field) {
        Token token = peek();
        if (token.is(Kind.LPAREN)) {
            return group(field, take());
        }
        if (token.is(Kind.WORD) && (peekAfter().is(Kind.COLON) || isComparison(peekAfter()))) {
            if (!field.equals(FleetQuery.ANY_FIELD)) {
                throw new InvalidQueryException("A field inside the group of field '" + field + "'",
                        token.position());
            }
            return fieldClause();
        }
        if (token.isValue()) {
            return value(field, take());
        }
        if ((token.is(Kind.LBRACKET) || token.is(Kind.LBRACE)) && !field.equals(FleetQuery.ANY_FIELD)) {
            return range(field);
        }
        throw new InvalidQueryException("Expected a term but found " + token.describe(), token.position());
    }

    private FleetQuery fieldClause() {
        Token name = take();
        String field = name.text();
        if (name.wildcard() || !FieldNames.known(field)) {
            throw new InvalidQueryException("Unknown field '" + field + "'", name.position());
        }
        Token operator = take();
        if (isComparison(operator)) {
            return comparison(field, operator);
        }
        Token token = peek();
        if (token.is(Kind.LPAREN)) {
            return group(field, take());
        }
        if (token.is(Kind.LBRACKET) || token.is(Kind.LBRACE)) {
            return range(field);
        }
        if (!token.isValue()) {
            throw new InvalidQueryException("Missing value for field '" + field + "'", token.position());
        }
        return value(field, take());
    }

    private FleetQuery comparison(String field, Token operator) {
        Token token = peek();
        if (!token.isValue()) {
            throw new InvalidQueryException("Missing value after '" + operator.text() + "'", token.position());
        }
        Token value = take();
        if (value.wildcard()) {
            throw new InvalidQueryException("A wildcard cannot be compared with '" + operator.text() + "'",
                    value.position());
        }
        countTerm(value);
        boolean numeric = Values.numeric(value);
        return switch (operator.kind()) {
            case LT -> new FleetQuery.Range(field, Bound.OPEN, Bound.exclusive(value.text()), numeric);
            case LE -> new FleetQuery.Range(field, Bound.OPEN, Bound.inclusive(value.text()), numeric);
            case GT -> new FleetQuery.Range(field, Bound.exclusive(value.text()), Bound.OPEN, numeric);
            default -> new FleetQuery.Range(field, Bound.inclusive(value.text()), Bound.OPEN, numeric);
        };
    }

    private FleetQuery range(String field) {
        Token open = take();
        Token lower = bound();
        if (!peek().is(Kind.TO)) {
            throw new InvalidQueryException("Expected TO in the range but found " + peek().describe(),
                    peek().position());
        }
        take();
        Token upper = bound();
        Token close = peek();
        if (!close.is(Kind.RBRACKET) && !close.is(Kind.RBRACE)) {
            throw new InvalidQueryException("Expected ']' or '}' to close the range at position " + open.position()
                    + " but found " + close.describe(), close.position());
        }
        take();
        countTerm(open);
        boolean numeric = Values.rangeIsNumeric(lower, upper);
        if (lower.isStar() && upper.isStar()) {
            return new FleetQuery.Exists(field);
        }
        return new FleetQuery.Range(field, bound(lower, open.is(Kind.LBRACKET)), bound(upper, close.is(Kind.RBRACKET)),
                numeric);
    }

    private Token bound() {
        Token token = peek();
        if (!token.isValue()) {
            throw new InvalidQueryException("Expected a range bound but found " + token.describe(),
                    token.position());
        }
        take();
        if (token.wildcard() && !token.isStar()) {
            throw new InvalidQueryException("A range bound cannot hold a wildcard", token.position());
        }
        return token;
    }

    private static Bound bound(Token token, boolean inclusive) {
        if (token.isStar()) {
            return Bound.OPEN;
        }
        return inclusive ? Bound.inclusive(token.text()) : Bound.exclusive(token.text());
    }

    private FleetQuery value(String field, Token token) {
        countTerm(token);
        if (token.isStar()) {
            return field.equals(FleetQuery.ANY_FIELD) ? new FleetQuery.All() : new FleetQuery.Exists(field);
        }
        if (token.wildcard()) {
            Values.checkComplexity(token);
            return new FleetQuery.Wildcard(field, token.pattern());
        }
        Values.numeric(token);  // refuses a number a double cannot hold
        return new FleetQuery.Term(field, token.text());
    }

    private void countTerm(Token token) {
        if (++terms > MAX_TERMS) {
            throw new InvalidQueryException("The query holds more than " + MAX_TERMS + " terms", token.position());
        }
        if (token.leadingWildcard()) {
            if (++leadingWildcards > 1) {
                throw new InvalidQueryException("Only one term may start with a wildcard", token.position());
            }
            if (query.length() > MAX_LENGTH_WITH_LEADING_WILDCARD) {
                throw new InvalidQueryException("A query with a leading wildcard may be at most "
                        + MAX_LENGTH_WITH_LEADING_WILDCARD + " characters long", token.position());
            }
        }
    }

    private static boolean isComparison(Token token) {
        return token.is(Kind.LT) || token.is(Kind.LE) || token.is(Kind.GT) || token.is(Kind.GE);
    }

    private void expect(Kind kind, String problem) {
        if (!peek().is(kind)) {
            throw new InvalidQueryException(problem, peek().position());
        }
        take();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAfter() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (!token.is(Kind.END)) {
            next++;
        }
        return token;
    }
}
