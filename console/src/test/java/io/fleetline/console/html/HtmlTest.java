package io.fleetline.console.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapes_every_character_that_could_leave_text_or_a_quoted_attribute() {
        assertThat(Html.of("<p title=\"{}\">{}</p>", "\"><script>x</script>", "a & b <i>'c'</i>").toString())
                .isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">a &amp; b &lt;i&gt;&#39;c&#39;&lt;/i&gt;</p>");
    }

    @Test
    void inserts_fragments_as_they_are_and_lists_of_them_in_order() {
        Html item = Html.of("<li>{}</li>", "<b>");
        assertThat(Html.of("<ul>{}</ul>", List.of(item, item)).toString())
                .isEqualTo("<ul><li>&lt;b&gt;</li><li>&lt;b&gt;</li></ul>");
    }

    @Test
    void a_list_of_strings_is_escaped_item_by_item_and_null_is_nothing() {
        assertThat(Html.of("{}|{}", List.of("<a>", "&"), null).toString()).isEqualTo("&lt;a&gt;&amp;|");
    }

    @Test
    void refuses_a_template_whose_holes_and_values_do_not_match() {
        assertThatThrownBy(() -> Html.of("{}", "a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.of("{} {}", "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_value_with_braces_is_not_taken_for_a_hole() {
        assertThat(Html.of("{}-{}", "{}", "x").toString()).isEqualTo("{}-x");
    }

    @Test
    void a_path_segment_cannot_leave_its_segment_or_name_a_scheme() {
        assertThat(Html.segment("../a/b c?d#e")).isEqualTo("..%2Fa%2Fb%20c%3Fd%23e");
        assertThat(Html.segment("javascript:alert(1)")).isEqualTo("javascript%3Aalert%281%29");
    }
}
