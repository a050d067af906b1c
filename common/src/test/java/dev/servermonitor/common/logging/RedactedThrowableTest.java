package dev.servermonitor.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedactedThrowableTest {

    private final Redactor redactor = new Redactor(List.of("the-configured-secret"));

    @Test
    void keepsAnExceptionWithNothingToMask() {
        IllegalStateException e = new IllegalStateException("plain", new IOException("also plain"));
        assertThat(RedactedThrowable.of(e, redactor)).isSameAs(e);
    }

    @Test
    void masksMessagesThroughTheCauseChainAndKeepsTypesAndStacks() {
        IOException cause = new IOException("auth with the-configured-secret failed");
        IllegalStateException e = new IllegalStateException("connect failed", cause);

        Throwable clean = RedactedThrowable.of(e, redactor);

        assertThat(clean.getMessage()).isEqualTo("java.lang.IllegalStateException: connect failed");
        assertThat(clean.getStackTrace()).isEqualTo(e.getStackTrace());
        assertThat(clean.getCause().getMessage()).isEqualTo("java.io.IOException: auth with [REDACTED] failed");
        assertThat(clean.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }
}
