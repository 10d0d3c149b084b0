package io.agentstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentstore.memory.NewMemory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One JSON contract on both engines: what PostgreSQL's jsonb cannot hold is refused before it
 * reaches either database, with INVALID_ARGUMENT naming the value; the rest is kept exactly.
 */
class JsonbContractTest extends StoreTestBase {

    /**
     * JSON texts at and across jsonb's edges: whether jsonb takes it, and whether the library
     * does (stricter for numbers whose plain form — as jsonb gives them back — would pass 1,000
     * characters: the library's JSON reader could not read them back).
     */
    private static final List<Object[]> CASES = List.of(
            new Object[] {"\"\\ud800\"", false},
            new Object[] {"\"\\udc00\"", false},
            new Object[] {"\"\\ud800\\u0041\"", false},
            new Object[] {"\"\\ud800\\ud800\"", false},
            new Object[] {"\"x\\ud800\"", false},
            new Object[] {"\"\\ud83d\\ude00\"", true},
            new Object[] {"\"\\u0000\"", false},
            new Object[] {"\"a\\u0001\\\\u0000\"", true}, // an escaped backslash, then the text u0000
            new Object[] {"1e400000", false, false},
            new Object[] {"1e131071", true, false},
            new Object[] {"9.9e131071", true, false},
            new Object[] {"1e131072", false, false},
            new Object[] {"-1e131072", false, false},
            new Object[] {"1e-16383", true, false},
            new Object[] {"1e-16384", false, false},
            new Object[] {"1.5e-16382", true, false},
            new Object[] {"1.55e-16382", false, false},
            new Object[] {"1e-400000", false, false},
            new Object[] {"1e2147483648", false, false},
            new Object[] {"0e400000", true, true},
            new Object[] {"0e-16383", true, false},
            new Object[] {"0e-16384", false, false},
            new Object[] {"-0", true, true},
            new Object[] {"1e999", true, true},
            new Object[] {"1e1000", true, false},
            new Object[] {"-1e998", true, true},
            new Object[] {"-1e999", true, false},
            new Object[] {"1e-998", true, true},
            new Object[] {"1e-999", true, false},
            new Object[] {"123456789012345678901234567890.123456789", true, true},
            new Object[] {"[1, {\"a\": 1e131072}]", false},
            new Object[] {"{\"k\": \"\\ud800\"}", false},
            new Object[] {"{\"\\ud800\": 1}", false});

    /** Whether the library takes a case: as jsonb does, unless the case says otherwise. */
    private static boolean weTake(Object[] k) {
        return (Boolean) k[k.length > 2 ? 2 : 1];
    }

    private static boolean takenByUs(AgentStore store, int i, String text) {
        try {
            store.memory().add(NewMemory.of("jsonb:cases", "k" + i, Json.parse(text)));
            return true;
        } catch (AgentStoreException e) {
            assertThat(e.code()).as(text + ": " + e.getMessage()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            // Refused by the library, never by a database: while parsing (Jackson refuses a lone
            // surrogate in a field name) or by the store's check, naming the value.
            assertThat(e.getMessage()).as(text).containsAnyOf("memory value of", "not JSON");
            return false;
        }
    }

    @Test
    void whatJsonbRefusesIsRefusedOnEveryEngineAndTheRestIsKept() {
        for (int i = 0; i < CASES.size(); i++) {
            String text = (String) CASES.get(i)[0];
            boolean weTake = weTake(CASES.get(i));
            assertThat(takenByUs(store(), i, text)).as(text).isEqualTo(weTake);
            if (weTake) {
                Json kept = store().memory()
                        .get("jsonb:cases", "k" + i)
                        .orElseThrow()
                        .value();
                if (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-') {
                    // The same number; PostgreSQL gives it back in plain notation (0e400000 as 0).
                    assertThat(new BigDecimal(kept.text())).as(text).isEqualByComparingTo(new BigDecimal(text));
                } else {
                    assertThat(kept).as(text).isEqualTo(Json.parse(text));
                }
            }
        }
    }

    @Test
    void theCasesAreJsonbsOwnVerdicts() throws SQLException {
        if (!onPostgres()) {
            return; // the server is the judge
        }
        try (Connection c = rawConnection()) {
            c.setAutoCommit(true);
            for (Object[] k : CASES) {
                assertThat(!(Boolean) k[1] && weTake(k))
                        .as("never looser than jsonb: " + k[0])
                        .isFalse();
                boolean taken;
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb")) {
                    ps.setString(1, (String) k[0]);
                    ps.executeQuery().close();
                    taken = true;
                } catch (SQLException e) {
                    taken = false;
                }
                assertThat(taken).as("jsonb on " + k[0]).isEqualTo(k[1]);
            }
        }
    }
}
