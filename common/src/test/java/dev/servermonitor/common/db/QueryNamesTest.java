package dev.servermonitor.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryNamesTest {

    @Test
    void aStatementIsNamedByItsVerbAndTable() {
        assertThat(QueryNames.derive("select id, name from servers where id = $1")).isEqualTo("select servers");
        assertThat(QueryNames.derive("SELECT count(*)\n  FROM audit_logs a join users u on u.id = a.user_id"))
                .isEqualTo("select audit_logs");
        assertThat(QueryNames.derive("insert into audit_logs (service) values ($1)")).isEqualTo("insert audit_logs");
        assertThat(QueryNames.derive("update tasks set status = $1 where id = $2")).isEqualTo("update tasks");
        assertThat(QueryNames.derive("delete from metric_samples where ts < $1")).isEqualTo("delete metric_samples");
        assertThat(QueryNames.derive("with due as (select id from tasks) update tasks set x = 1"))
                .isEqualTo("with due");
        assertThat(QueryNames.derive("select pg_try_advisory_lock($1)")).isEqualTo("select pg_try_advisory_lock");
        assertThat(QueryNames.derive("select * from (select id from users) u")).isEqualTo("select users");
        assertThat(QueryNames.derive("/* leader */ select 1")).isEqualTo("select");
        assertThat(QueryNames.derive("listen server_changes")).isEqualTo("listen");
    }

    @Test
    void literalsAndParametersNeverReachTheName() {
        assertThat(QueryNames.derive("select * from users where username = 'alice' and password_hash = $1"))
                .isEqualTo("select users");
        assertThat(QueryNames.derive("  ")).isEqualTo("other");
        assertThat(QueryNames.derive("'secret'")).isEqualTo("other");
    }
}
