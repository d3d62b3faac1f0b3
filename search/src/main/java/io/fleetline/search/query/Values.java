package io.fleetline.search.query;

import io.fleetline.search.query.Token.Kind;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/** What a value token means: a number or text, a pattern the index can run or not. */
final class Values {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Values() {
    }

    static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }

    /** A range compares numbers when its bounds are numbers; an open end goes with either. */
    static boolean rangeIsNumeric(Token lower, Token upper) {
        if (lower.isStar()) {
            return !upper.isStar() && numeric(upper);
        }
        if (upper.isStar()) {
            return numeric(lower);
        }
        boolean lowerNumber = numeric(lower);
        if (lowerNumber != numeric(upper)) {
            throw new InvalidQueryException("The range mixes a number and text", lower.position());
        }
        return lowerNumber;
    }

    /** A word that reads as a number; one too large for a double is refused rather than compared wrongly. */
    static boolean numeric(Token token) {
        if (!token.is(Kind.WORD) || !isNumber(token.text())) {
            return false;
        }
        if (Double.isInfinite(Double.parseDouble(token.text()))) {
            throw new InvalidQueryException("The number " + token.text() + " is out of range", token.position());
        }
        return true;
    }

    /**
     * A pattern the index could not turn into an automaton within Lucene's work limit (many {@code ?} before a
     * {@code *}, hundreds of characters) is refused here, where its position is known, rather than failing later.
     */
    static void checkComplexity(Token token) {
        try {
            new WildcardQuery(new Term("pattern", token.pattern().toLowerCase(Locale.ROOT)));
        } catch (TooComplexToDeterminizeException tooComplex) {
            throw new InvalidQueryException("The wildcard pattern is too complex", token.position());
        }
    }
}
