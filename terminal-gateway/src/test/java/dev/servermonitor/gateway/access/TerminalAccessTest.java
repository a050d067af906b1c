package dev.servermonitor.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalAccessTest {

    @Test
    void theTokenIsTheBearerEntryOfTheSubprotocolList() {
        assertThat(TerminalAccess.subprotocolToken("bearer-token-carrier, bearer.eyJ.abc.def"))
                .isEqualTo("eyJ.abc.def");
        assertThat(TerminalAccess.subprotocolToken("bearer-token-carrier")).isNull();
        assertThat(TerminalAccess.subprotocolToken("bearer.")).isNull();
        assertThat(TerminalAccess.subprotocolToken(null)).isNull();
    }

    @Test
    void queryParametersAreFoundByExactNameAndUrlDecoded() {
        assertThat(TerminalAccess.queryParam("cols=80&access_token=a%2Bb.c&rows=24", "access_token"))
                .isEqualTo("a+b.c");
        assertThat(TerminalAccess.queryParam("xaccess_token=1", "access_token")).isNull();
        assertThat(TerminalAccess.queryParam("access_token", "access_token")).isEmpty();
        assertThat(TerminalAccess.queryParam("access_token=%zz", "access_token")).isEmpty();
        assertThat(TerminalAccess.queryParam(null, "cols")).isNull();
    }
}
