package io.fleetline.blobs.object;

import static io.fleetline.blobs.Failures.assertFails;

import io.fleetline.core.error.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final ETag ETAG = ETag.ofMd5Hex("5d41402abc4b2a76b9719d911017c592");
    private static final Instant MODIFIED = Instant.parse("2026-06-01T12:00:00.750Z");
    private static final Instant BEFORE = Instant.parse("2026-06-01T11:00:00Z");
    private static final Instant SAME_SECOND = Instant.parse("2026-06-01T12:00:00Z");

    private static Conditions conditions(String ifMatch, String ifNoneMatch, Instant modifiedSince,
                                         Instant unmodifiedSince) {
        return new Conditions(Optional.ofNullable(ifMatch), Optional.ofNullable(ifNoneMatch),
                Optional.ofNullable(modifiedSince), Optional.ofNullable(unmodifiedSince));
    }

    @Test
    void if_match_and_if_unmodified_since_fail_with_precondition_failed() {
        assertFails(() -> conditions("\"other\"", null, null, null).checkRead(ETAG, MODIFIED),
                ErrorCode.PRECONDITION_FAILED);
        assertFails(() -> conditions(null, null, null, BEFORE).checkRead(ETAG, MODIFIED),
                ErrorCode.PRECONDITION_FAILED);
        conditions(ETAG.value(), null, null, SAME_SECOND).checkRead(ETAG, MODIFIED);
    }

    @Test
    void a_matching_if_match_wins_over_a_failing_if_unmodified_since_as_on_s3() {
        conditions(ETAG.value(), null, null, BEFORE).checkRead(ETAG, MODIFIED);
    }

    @Test
    void if_none_match_and_if_modified_since_answer_not_modified() {
        assertFails(() -> conditions(null, ETAG.value(), null, null).checkRead(ETAG, MODIFIED),
                ErrorCode.NOT_MODIFIED);
        // dates compare at whole seconds: modified at 12:00:00.750 is not modified since 12:00:00
        assertFails(() -> conditions(null, null, SAME_SECOND, null).checkRead(ETAG, MODIFIED),
                ErrorCode.NOT_MODIFIED);
        conditions(null, null, BEFORE, null).checkRead(ETAG, MODIFIED);
    }

    @Test
    void a_failing_if_none_match_wins_over_if_modified_since_as_on_s3() {
        assertFails(() -> conditions(null, ETAG.value(), BEFORE, null).checkRead(ETAG, MODIFIED),
                ErrorCode.NOT_MODIFIED);
        conditions(null, "\"other\"", SAME_SECOND, null).checkRead(ETAG, MODIFIED);
    }

    @Test
    void a_copy_source_condition_that_fails_is_always_precondition_failed() {
        assertFails(() -> conditions(null, ETAG.value(), null, null).checkCopySource(ETAG, MODIFIED),
                ErrorCode.PRECONDITION_FAILED);
        assertFails(() -> conditions(null, null, SAME_SECOND, null).checkCopySource(ETAG, MODIFIED),
                ErrorCode.PRECONDITION_FAILED);
    }
}
