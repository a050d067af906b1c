package dev.servermonitor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void describesTheInnermostCauseOnOneLine() {
        Exception e = new IllegalStateException("wrapper", new IOException("middle",
                new ConnectException("Connection refused\nSQL State: 08001")));
        assertThat(Causes.rootMessage(e)).isEqualTo("Connection refused");
    }

    @Test
    void fallsBackToTheTypeAndCapsTheLength() {
        assertThat(Causes.rootMessage(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(Causes.rootMessage(new IOException("x".repeat(500)))).hasSize(201).endsWith("…");
    }
}
