package io.agentstore.search;

import static io.agentstore.Errors.assertFails;
import static io.agentstore.search.MetadataFilter.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.ErrorCode;
import io.agentstore.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataFilterTest {

    private static final Map<String, Object> MOVIE =
            new HashMap<>(Map.of("genre", "drama", "year", 2020, "rating", 7.5, "seen", true));

    static {
        MOVIE.put("director", null);
    }

    @Test
    void comparisonsFollowTheValuesKinds() {
        assertThat(eq("year", 2020.0).test(MOVIE)).isTrue(); // numbers by value
        assertThat(eq("year", "2020").test(MOVIE)).isFalse(); // a string is not a number
        assertThat(gt("rating", 7).test(MOVIE)).isTrue();
        assertThat(lte("year", 2019).test(MOVIE)).isFalse();
        assertThat(gte("genre", "comedy").test(MOVIE)).isTrue(); // strings in order
        assertThat(gt("genre", 1).test(MOVIE)).isFalse(); // never across kinds
        assertThat(lt("genre", 1).test(MOVIE)).isFalse();
        assertThat(eq("seen", true).test(MOVIE)).isTrue();
        assertThat(in("genre", List.of("comedy", "drama")).test(MOVIE)).isTrue();
        assertThat(notIn("genre", List.of("comedy")).test(MOVIE)).isTrue();
        // An absent field: comparisons fail, ne and notIn hold; a null field exists but equals nothing.
        assertThat(eq("studio", "x").test(MOVIE)).isFalse();
        assertThat(ne("studio", "x").test(MOVIE)).isTrue();
        assertThat(notIn("studio", List.of("x")).test(MOVIE)).isTrue();
        assertThat(exists("director").test(MOVIE)).isTrue();
        assertThat(missing("director").test(MOVIE)).isFalse();
        assertThat(eq("director", "x").test(MOVIE)).isFalse();
        assertThat(isNull("director").test(MOVIE)).isTrue();
        assertThat(isNull("studio").test(MOVIE)).isTrue();
        assertThat(isNull("genre").test(MOVIE)).isFalse();
        assertThat(notNull("genre").test(MOVIE)).isTrue();
        assertThat(notNull("director").test(MOVIE)).isFalse();
    }

    @Test
    void andOrNotCombine() {
        MetadataFilter recentDrama = and(eq("genre", "drama"), gte("year", 2015));
        assertThat(recentDrama.test(MOVIE)).isTrue();
        assertThat(or(eq("genre", "comedy"), lt("year", 2000)).test(MOVIE)).isFalse();
        assertThat(or(eq("genre", "comedy"), recentDrama).test(MOVIE)).isTrue();
        assertThat(not(recentDrama).test(MOVIE)).isFalse();
        assertThat(recentDrama.test(Json.of(Map.of("genre", "drama", "year", 2016))))
                .isTrue();
        assertThat(recentDrama.test(Json.of(List.of(1, 2)))).isFalse();
    }

    @Test
    void badFiltersAreCodedErrors() {
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> and(), "at least one operand");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> or(eq("x", 1), null), "an operand of OR");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> not(null), "NOT needs at least one operand");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> eq("", 1), "1..256");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> eq("x", Double.NaN), "finite");
        assertFails(ErrorCode.INVALID_ARGUMENT, () -> in("x", List.of()), "at least one value");
    }
}
