package dev.servermonitor.common.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCorrelationTest {

    @Test
    void latencyIsMillisecondsWithTwoDecimalsRounded() {
        assertThat(RequestCorrelation.hundredths(0)).isEqualTo("0.00");
        assertThat(RequestCorrelation.hundredths(40_000)).isEqualTo("0.04");
        assertThat(RequestCorrelation.hundredths(1_234_567)).isEqualTo("1.23");
        assertThat(RequestCorrelation.hundredths(1_235_000)).isEqualTo("1.24");
        assertThat(RequestCorrelation.hundredths(1_999_999)).isEqualTo("2.00");
        assertThat(RequestCorrelation.hundredths(12_345_678_901L)).isEqualTo("12345.68");
    }
}
