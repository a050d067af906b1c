package dev.servermonitor.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WholeNumberParamTest {

    @Test
    void absentIsTheDefaultAndAWholeNumberInRangeIsItself() {
        assertThat(WholeNumberParam.of("limit", null, 15, 50)).isEqualTo(15);
        assertThat(WholeNumberParam.of("limit", " ", 15, 50)).isEqualTo(15);
        assertThat(WholeNumberParam.of("limit", " 50 ", 15, 50)).isEqualTo(50);
        assertThat(WholeNumberParam.of("limit", "1", 15, 50)).isEqualTo(1);
    }

    @Test
    void anythingElseIsA400NamingTheParameterAndItsRange() {
        for (String bad : new String[]{"0", "51", "-3", "1e3", "0x10", "ten", "99999999999"}) {
            assertThatThrownBy(() -> WholeNumberParam.of("minutes", bad, 10, 50)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessage("minutes must be a whole number from 1 to 50");
        }
    }
}
