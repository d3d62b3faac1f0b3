package io.fleetline.blobs.object;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import org.junit.jupiter.api.Test;

class RangeRequestTest {
    private static ByteRange resolve(String header, long size) {
        return RangeRequest.parse(header).orElseThrow().resolve(size);
    }

    @Test
    void resolves_the_three_forms_of_a_single_range() {
        assertThat(resolve("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 99, 1000));
        assertThat(resolve("bytes=900-", 1000)).isEqualTo(new ByteRange(900, 999, 1000));
        assertThat(resolve("bytes=-100", 1000)).isEqualTo(new ByteRange(900, 999, 1000));
        assertThat(resolve("bytes=10-10", 1000).length()).isEqualTo(1);
        assertThat(resolve("bytes=0-99", 1000).contentRange()).isEqualTo("bytes 0-99/1000");
    }

    @Test
    void a_range_past_the_end_is_cut_at_the_end() {
        assertThat(resolve("bytes=500-5000", 1000)).isEqualTo(new ByteRange(500, 999, 1000));
        assertThat(resolve("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 999, 1000));
        assertThat(resolve("bytes=0-99999999999999999999999", 1000)).isEqualTo(new ByteRange(0, 999, 1000));
    }

    @Test
    void a_range_no_byte_satisfies_is_invalid_range_with_the_object_size() {
        assertFails(() -> resolve("bytes=1000-", 1000), ErrorCode.INVALID_RANGE)
                .hasMessage("The requested range is not satisfiable")
                .satisfies(e -> assertThat(((FleetlineException) e).extra())
                        .containsEntry("ActualObjectSize", "1000").containsEntry("RangeRequested", "bytes=1000-"));
        assertFails(() -> resolve("bytes=-0", 1000), ErrorCode.INVALID_RANGE);
        assertFails(() -> resolve("bytes=0-", 0), ErrorCode.INVALID_RANGE);
        assertFails(() -> resolve("bytes=-5", 0), ErrorCode.INVALID_RANGE);
    }

    @Test
    void headers_s3_ignores_ask_for_the_whole_object() {
        for (String header : new String[] {"bytes=0-1,5-9", "items=0-5", "bytes=9-1", "bytes=-", "bytes=a-b",
                "bytes 0-5", ""}) {
            assertThat(RangeRequest.parse(header)).as(header).isEmpty();
        }
    }

    @Test
    void a_copy_source_range_names_both_ends_within_the_source() {
        assertThat(RangeRequest.copySource("bytes=0-9").resolveCopySource(10)).isEqualTo(new ByteRange(0, 9, 10));
        assertFails(() -> RangeRequest.copySource("bytes=0-"), ErrorCode.INVALID_ARGUMENT);
        assertFails(() -> RangeRequest.copySource("bytes=-5"), ErrorCode.INVALID_ARGUMENT);
        assertFails(() -> RangeRequest.copySource("bytes=0-10").resolveCopySource(10), ErrorCode.INVALID_ARGUMENT);
    }
}
