package io.fleetline.search;

import io.fleetline.search.query.FleetQuery;
import io.fleetline.search.query.FleetQuery.Bound;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;

/** Turns a parsed query into a Lucene query over the layout {@link ThingFields} writes. */
final class LuceneQueries {
    private LuceneQueries() {
    }

    static Query of(FleetQuery query) {
        return switch (query) {
            case FleetQuery.All all -> MatchAllDocsQuery.INSTANCE;
            case FleetQuery.And and -> and(and);
            case FleetQuery.Or or -> or(or);
            case FleetQuery.Not not -> new BooleanQuery.Builder().add(MatchAllDocsQuery.INSTANCE, Occur.FILTER)
                    .add(of(not.clause()), Occur.MUST_NOT).build();
            case FleetQuery.Term term -> term(term);
            case FleetQuery.Wildcard wildcard -> new WildcardQuery(new Term(keywordField(wildcard.field()),
                    ThingFields.lower(wildcard.pattern())));
            case FleetQuery.Exists exists -> new TermQuery(new Term(ThingFields.PRESENT, exists.field()));
            case FleetQuery.Range range -> range.numeric() ? numericRange(range) : textRange(range);
        };
    }

    private static Query and(FleetQuery.And and) {
        BooleanQuery.Builder bool = new BooleanQuery.Builder();
        boolean positive = false;
        for (FleetQuery clause : and.clauses()) {
            if (clause instanceof FleetQuery.Not not) {
                bool.add(of(not.clause()), Occur.MUST_NOT);
            } else {
                bool.add(of(clause), Occur.FILTER);
                positive = true;
            }
        }
        if (!positive) {
            bool.add(MatchAllDocsQuery.INSTANCE, Occur.FILTER);
        }
        return bool.build();
    }

    private static Query or(FleetQuery.Or or) {
        BooleanQuery.Builder bool = new BooleanQuery.Builder();
        or.clauses().forEach(clause -> bool.add(of(clause), Occur.SHOULD));
        return bool.build();
    }

    /** The value as text, or as a number when it reads as one: {@code 75} also finds {@code 75.0}. */
    private static Query term(FleetQuery.Term term) {
        Query text = new TermQuery(new Term(keywordField(term.field()), ThingFields.lower(term.value())));
        if (term.field().equals(FleetQuery.ANY_FIELD)) {
            return text;
        }
        return ThingFields.asNumber(term.value()).<Query>map(number -> new BooleanQuery.Builder()
                .add(text, Occur.SHOULD)
                .add(DoublePoint.newExactQuery(ThingFields.number(term.field()), number), Occur.SHOULD)
                .build()).orElse(text);
    }

    private static String keywordField(String field) {
        return field.equals(FleetQuery.ANY_FIELD) ? ThingFields.ALL : ThingFields.keyword(field);
    }

    private static Query numericRange(FleetQuery.Range range) {
        double lower = range.lower().open() ? Double.NEGATIVE_INFINITY : Double.parseDouble(range.lower().value());
        double upper = range.upper().open() ? Double.POSITIVE_INFINITY : Double.parseDouble(range.upper().value());
        if (!range.lower().open() && !range.lower().inclusive()) {
            lower = Math.nextUp(lower);
        }
        if (!range.upper().open() && !range.upper().inclusive()) {
            upper = Math.nextDown(upper);
        }
        return DoublePoint.newRangeQuery(ThingFields.number(range.field()), lower, upper);
    }

    private static Query textRange(FleetQuery.Range range) {
        return TermRangeQuery.newStringRange(ThingFields.keyword(range.field()), textBound(range.lower()),
                textBound(range.upper()), range.lower().open() || range.lower().inclusive(),
                range.upper().open() || range.upper().inclusive());
    }

    private static String textBound(Bound bound) {
        return bound.open() ? null : ThingFields.lower(bound.value());
    }
}
