package dev.servermonitor.common.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SocketTokensTest {

    @Test
    void theTokenIsTheBearerEntryOfTheSubprotocolList() {
        assertThat(SocketTokens.subprotocolToken("bearer-token-carrier, bearer.eyJ.abc.def"))
                .isEqualTo("eyJ.abc.def");
        assertThat(SocketTokens.subprotocolToken("bearer-token-carrier")).isNull();
        assertThat(SocketTokens.subprotocolToken("bearer.")).isNull();
        assertThat(SocketTokens.subprotocolToken(null)).isNull();
    }

    @Test
    void queryParametersAreFoundByExactNameAndUrlDecoded() {
        assertThat(SocketTokens.queryParam("cols=80&access_token=a%2Bb.c&rows=24", "access_token"))
                .isEqualTo("a+b.c");
        assertThat(SocketTokens.queryParam("xaccess_token=1", "access_token")).isNull();
        assertThat(SocketTokens.queryParam("access_token", "access_token")).isEmpty();
        assertThat(SocketTokens.queryParam("access_token=%zz", "access_token")).isEmpty();
        assertThat(SocketTokens.queryParam(null, "cols")).isNull();
    }

    @Test
    void theSubprotocolWinsOverTheHeaderAndTheHeaderOverTheQuery() {
        assertThat(SocketTokens.find("bearer-token-carrier, bearer.a.b.c", "Bearer x.y.z", "access_token=q", "o"))
                .isEqualTo("a.b.c");
        assertThat(SocketTokens.find(null, "bearer x.y.z", "access_token=q", null)).isEqualTo("x.y.z");
        assertThat(SocketTokens.find(null, null, "access_token=q", "https://ui.example")).isEqualTo("q");
        assertThat(SocketTokens.find(null, null, null, null)).isNull();
    }

    @Test
    void aQueryTokenWithoutAnOriginAndANonBearerHeaderAreRefused() {
        assertThatThrownBy(() -> SocketTokens.find(null, null, "access_token=q", null))
                .isInstanceOf(SocketRefusal.class)
                .hasMessageContaining("only from a browser");
        assertThatThrownBy(() -> SocketTokens.find(null, "Basic dXNlcg==", null, null))
                .isInstanceOf(SocketRefusal.class).hasMessageContaining("Bearer");
    }

    @Test
    void originsCompareWithoutCaseOrTrailingSlashAndAMissingOneIsNotJudged() {
        AllowedOrigins origins = new AllowedOrigins(List.of("https://UI.example.test/"));
        origins.check("https://ui.example.test", "watch");
        origins.check(null, "watch");
        assertThatThrownBy(() -> origins.check("https://evil.example", "watch live stats"))
                .isInstanceOf(SocketRefusal.class).hasMessage(
                        "origin https://evil.example is not allowed to watch live stats")
                .extracting(e -> ((SocketRefusal) e).closeCode()).isEqualTo(1008);
    }
}
