package io.fleetline.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The query syntax, construct by construct and error by error: each row a query and what it must read as. */
class QueryParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            thingName:abc => (term thingName "abc")
            abc => (term * "abc")
            * => (all)
            thingName:* => (exists thingName)
            thingName:my* => (wildcard thingName "my*")
            thingName:ab? => (wildcard thingName "ab?")
            thingName:*my => (wildcard thingName "*my")
            thingName:*my* => (wildcard thingName "*my*")
            thingId:1234-abcd => (term thingId "1234-abcd")
            thingTypeName:aa => (term thingTypeName "aa")
            thingGroupNames:a* => (wildcard thingGroupNames "a*")
            attributes.myAttribute:75 => (term attributes.myAttribute "75")
            attributes.my.dotted_attr-1:x => (term attributes.my.dotted_attr-1 "x")
            attributes.myAttribute:i*t => (wildcard attributes.myAttribute "i*t")
            attributes.myAttribute:[75 TO 80] => (range attributes.myAttribute [75 TO 80] number)
            attributes.myAttribute:{75 TO 80] => (range attributes.myAttribute {75 TO 80] number)
            attributes.myAttribute:[75 TO 80} => (range attributes.myAttribute [75 TO 80} number)
            attributes.myAttribute:[75 TO *] => (range attributes.myAttribute [75 TO *} number)
            attributes.myAttribute:[* TO *] => (exists attributes.myAttribute)
            attributes.serialNumber:[* TO abcd] => (range attributes.serialNumber {* TO abcd] text)
            attributes.serialNumber:{abcd TO *] => (range attributes.serialNumber {abcd TO *} text)
            attributes.serialNumber:["abcd" TO "abcf"] => (range attributes.serialNumber [abcd TO abcf] text)
            attributes.serialNumber:[abcd TO abcf] => (range attributes.serialNumber [abcd TO abcf] text)
            attributes.serialNumber:["10" TO "20"] => (range attributes.serialNumber [10 TO 20] text)
            attributes.x<5 => (range attributes.x {* TO 5} number)
            attributes.x <= 5 => (range attributes.x {* TO 5] number)
            attributes.x > 5.5 => (range attributes.x {5.5 TO *} number)
            attributes.x >= 1e3 => (range attributes.x [1e3 TO *} number)
            shadow.reported.temp<=-5 => (range shadow.reported.temp {* TO -5] number)
            shadow.desired.mode >= eco => (range shadow.desired.mode [eco TO *} text)
            shadow.reported.firmwareVersion < 2.1 => (range shadow.reported.firmwareVersion {* TO 2.1} number)
            shadow.reported.stats.battery:{70 TO 100} => (range shadow.reported.stats.battery {70 TO 100} number)
            shadow.name.config.reported.mode:eco => (term shadow.name.config.reported.mode "eco")
            shadow.name.$package.reported.agent.version:1.2 => (term shadow.name.$package.reported.agent.version "1.2")
            shadow.delta.mode:eco => (term shadow.delta.mode "eco")
            shadow.metadata.reported.temp.timestamp > 1000 => \
            (range shadow.metadata.reported.temp.timestamp {1000 TO *} number)
            shadow.hasDelta:true => (term shadow.hasDelta "true")
            shadow.name.config.hasDelta:false => (term shadow.name.config.hasDelta "false")
            connectivity.connected:true => (term connectivity.connected "true")
            connectivity.timestamp > 1557651600000 => (range connectivity.timestamp {1557651600000 TO *} number)
            connectivity.disconnectReason:CLIENT_INITIATED_DISCONNECT => \
            (term connectivity.disconnectReason "CLIENT_INITIATED_DISCONNECT")
            a b => (and (term * "a") (term * "b"))
            a AND b => (and (term * "a") (term * "b"))
            a OR b AND c => (or (term * "a") (and (term * "b") (term * "c")))
            (a OR b) AND c => (and (or (term * "a") (term * "b")) (term * "c"))
            a OR b OR c => (or (term * "a") (term * "b") (term * "c"))
            NOT thingName:x => (not (term thingName "x"))
            -thingName:x => (not (term thingName "x"))
            a NOT b => (and (term * "a") (not (term * "b")))
            NOT NOT a => (not (not (term * "a")))
            -(a OR b) => (not (or (term * "a") (term * "b")))
            thingName:(tv* AND -plasma) => (and (wildcard thingName "tv*") (not (term thingName "plasma")))
            attributes.x:([1 TO 2] OR [5 TO 6]) => \
            (or (range attributes.x [1 TO 2] number) (range attributes.x [5 TO 6] number))
            attributes.location:"Seattle, WA" => (term attributes.location "Seattle, WA")
            "two words" => (term * "two words")
            thingName:"a*b" => (term thingName "a*b")
            thingName:my\\*thing => (term thingName "my*thing")
            thingName:my\\*th*ing => (wildcard thingName "my\\*th*ing")
            attributes.mac:aa\\:bb => (term attributes.mac "aa:bb")
            thingName:a-b => (term thingName "a-b")
            attributes.a:-5 => (term attributes.a "-5")
            thingName:a and b => (and (term thingName "a") (term * "and") (term * "b"))
            """)
    void reads_each_construct_of_the_syntax(String query, String expected) {
        assertThat(QueryParser.parse(query).render()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ;; ", quoteCharacter = '~', textBlock = """
            thingName: ;; Missing value for field 'thingName' ;; 10
            thingName:(a ;; Missing ')' to close the '(' at position 10 ;; 12
            (a OR b ;; Missing ')' to close the '(' at position 0 ;; 7
            a OR b) ;; ')' without a matching '(' ;; 6
            () ;; Expected a term but found ')' ;; 1
            a AND ;; Expected a term but found end of query ;; 5
            OR a ;; Expected a term but found 'OR' ;; 0
            a OR OR b ;; Expected a term but found 'OR' ;; 5
            NOT ;; Expected a term but found end of query ;; 3
            - a ;; '-' must come right before the term it excludes ;; 0
            attributes.x:[1 TO 5 ;; Expected ']' or '}' to close the range at position 13 but found end of query ;; 20
            attributes.x:[1 5] ;; Expected TO in the range but found '5' ;; 16
            attributes.x:[1 TO] ;; Expected a range bound but found ']' ;; 18
            attributes.x:[1 TO abc] ;; The range mixes a number and text ;; 14
            attributes.x:[a* TO b] ;; A range bound cannot hold a wildcard ;; 14
            attributes.x:[1 TO 2) ;; Expected ']' or '}' to close the range at position 13 but found ')' ;; 20
            thingname:abc ;; Unknown field 'thingname' ;; 0
            shadow.reported:x ;; Unknown field 'shadow.reported' ;; 0
            shadow.version:1 ;; Unknown field 'shadow.version' ;; 0
            shadow.hasDelta.x:1 ;; Unknown field 'shadow.hasDelta.x' ;; 0
            thing*:x ;; Unknown field 'thing*' ;; 0
            attributes.x < ;; Missing value after '<' ;; 14
            attributes.x < a* ;; A wildcard cannot be compared with '<' ;; 15
            attributes.x:1e999 ;; The number 1e999 is out of range ;; 13
            attributes.x > 1e999 ;; The number 1e999 is out of range ;; 15
            thingName:"abc ;; Unterminated quoted value ;; 10
            thingName:a@b ;; Unsupported character '@' (quote the value) ;; 11
            thingName:a,b ;; Unsupported character ',' (quote the value) ;; 11
            thingName:a/b ;; Unsupported character '/' (quote the value) ;; 11
            thingName:abc\\ ;; Nothing to escape after '\\' ;; 13
            thingName:*a OR thingGroupNames:*b ;; Only one term may start with a wildcard ;; 32
            thingName:(attributes.x:1) ;; A field inside the group of field 'thingName' ;; 11
            a:b ;; Unknown field 'a' ;; 0
            """)
    void refuses_each_error_naming_the_problem_and_its_position(String query, String problem, int position) {
        assertThatThrownBy(() -> QueryParser.parse(query))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).isEqualTo(e.problem() + " at position " + position);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void refuses_an_empty_query(String query) {
        assertThatThrownBy(() -> QueryParser.parse(query)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("The query is empty at position 0");
    }

    @Test
    void separates_words_by_any_white_space() {
        assertThat(QueryParser.parse("a\tb\nc\u2003d").render())
                .isEqualTo("(and (term * \"a\") (term * \"b\") (term * \"c\") (term * \"d\"))");
    }

    @Test
    void takes_twelve_terms_and_refuses_the_thirteenth() {
        String twelve = "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12";
        assertThat(QueryParser.parse(twelve)).isInstanceOf(FleetQuery.And.class);
        assertThatThrownBy(() -> QueryParser.parse(twelve + " a13"))
                .isInstanceOfSatisfying(InvalidQueryException.class, e -> {
                    assertThat(e.problem()).isEqualTo("The query holds more than 12 terms");
                    assertThat(e.position()).isEqualTo(twelve.length() + 1);
                });
    }

    @Test
    void refuses_a_leading_wildcard_in_a_query_longer_than_a_hundred_characters() {
        String start = "thingName:*my AND attributes.a:";
        String hundred = start + "x".repeat(100 - start.length());
        assertThat(QueryParser.parse(hundred)).isInstanceOf(FleetQuery.And.class);
        assertThatThrownBy(() -> QueryParser.parse(hundred + "x")).isInstanceOf(InvalidQueryException.class)
                .hasMessage("A query with a leading wildcard may be at most 100 characters long at position 10");
    }

    @Test
    void refuses_nesting_deeper_than_thirty_two_levels() {
        assertThat(QueryParser.parse("(".repeat(32) + "a" + ")".repeat(32))).isEqualTo(new FleetQuery.Term("*", "a"));
        assertThatThrownBy(() -> QueryParser.parse("(".repeat(33) + "a" + ")".repeat(33)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("The query nests deeper than 32 levels at position 32");
        assertThatThrownBy(() -> QueryParser.parse("-".repeat(2000) + "a"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("The query nests deeper than 32 levels at position 32");
    }

    @Test
    void refuses_a_wildcard_pattern_too_complex_to_run() {
        String hundredsOfStars = "a*".repeat(500);
        assertThat(QueryParser.parse("attributes.x:" + "a*".repeat(100))).isInstanceOf(FleetQuery.Wildcard.class);
        assertThatThrownBy(() -> QueryParser.parse("attributes.x:" + hundredsOfStars))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("The wildcard pattern is too complex at position 13");
        assertThatThrownBy(() -> QueryParser.parse("a AND attributes.x:" + "a???????*".repeat(28)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("The wildcard pattern is too complex at position 19");
    }

    @Test
    void refuses_a_query_longer_than_its_bound_before_reading_it() {
        assertThatThrownBy(() -> QueryParser.parse("a".repeat(QueryParser.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("The query is longer than 4096 characters at position 4096");
    }
}
