package dev.servermonitor.common.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * central-api's answers on /internal/ssh-credentials, read once for the gateway and the monitor.
 */
class CredentialsUnavailableTest {

    @ParameterizedTest
    @CsvSource({"401, SERVICE_REFUSED", "403, FORBIDDEN", "404, UNKNOWN_SERVER", "409, HOST_KEY_UNTRUSTED",
            "500, OTHER", "503, OTHER"})
    void eachStatusHasItsReasonAndTheGeneralWords(int status, CredentialsUnavailable.Reason reason) {
        CredentialsUnavailable u = CredentialsUnavailable.of(new WebApplicationException(status));
        assertThat(u.reason()).isEqualTo(reason);
        assertThat(u.getMessage())
                .isEqualTo("central-api did not hand out the server's credentials (HTTP " + status + ")");
    }

    @Test
    void noAnswerIsUnreachable() {
        CredentialsUnavailable u = CredentialsUnavailable.of(new TimeoutException());
        assertThat(u.reason()).isEqualTo(CredentialsUnavailable.Reason.UNREACHABLE);
        assertThat(u.getMessage()).isEqualTo("central-api could not be reached for the server's credentials");
    }
}
