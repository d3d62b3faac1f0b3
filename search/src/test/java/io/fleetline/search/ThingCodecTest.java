package io.fleetline.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThingCodecTest {

    @Test
    void a_bare_thing_comes_back_without_type_groups_shadow_or_connectivity() throws IOException {
        ThingDocument bare = ThingDocument.builder("lamp", "id-1").build();

        ThingDocument back = ThingCodec.decode(ThingCodec.encode(bare));

        assertThat(back).isEqualTo(bare);
        assertThat(back.thingTypeName()).isEmpty();
        assertThat(back.shadowJson()).isEmpty();
        assertThat(back.connectivity()).isEmpty();
    }

    @Test
    void every_part_comes_back_as_it_was_put_arrays_and_non_ascii_text_included() throws IOException {
        ThingDocument full = ThingDocument.builder("capteur-é", "id-2").thingTypeName("sensor")
                .thingGroupNames(List.of("floor-1", "eu")).attribute("colour", "grün").attribute("weight", "75.0")
                .reported("firmwareVersion", "2.0").reported("tags", "a", "b", "a").hasDelta(false)
                .named("config", "desired", "mode", "eco")
                .shadowJson("{\"reported\":{\"tags\":[\"a\",\"b\",\"a\"]}}")
                .connectivity(Connectivity.disconnected(1_765_000_000_000L, "CLIENT_INITIATED_DISCONNECT")).build();

        ThingDocument back = ThingCodec.decode(ThingCodec.encode(full));

        assertThat(back).isEqualTo(full);
        assertThat(back.shadowFields().get("shadow.reported.tags")).containsExactly("a", "b", "a");
    }
}
