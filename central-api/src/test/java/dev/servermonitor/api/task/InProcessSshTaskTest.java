package dev.servermonitor.api.task;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.servermonitor.common.testing.TestSshServer;
import dev.servermonitor.common.testing.TestUsers;

/**
 * What the task tests against the in-process SSH server share: the server for the class, and per
 * test a fresh operator and a trusted server of their own.
 */
abstract class InProcessSshTaskTest {

    private static TestSshServer sshd;

    @Inject
    DataSource db;

    TaskFixtures fx;
    long operator;
    long server;

    @BeforeAll
    static void startSshServer() {
        sshd = TestSshServer.start(TaskFixtures.PASSWORD, null);
    }

    @AfterAll
    static void stopSshServer() {
        sshd.close();
    }

    @BeforeEach
    void serverAndOperator() {
        fx = new TaskFixtures(db, sshd);
        operator = TestUsers.create(db, "operator");
        server = fx.trustedServer();
    }
}
