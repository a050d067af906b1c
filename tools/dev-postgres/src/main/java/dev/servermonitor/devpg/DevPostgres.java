package dev.servermonitor.devpg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL for machines that have none, used by scripts/lib/postgres.sh. {@code serve} runs the
 * server until killed; {@code sql} runs one statement as the superuser and prints the first column
 * of any rows.
 */
public final class DevPostgres {

    private DevPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[1].equals("--port")) {
            usage();
        }
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "serve" -> serve(port, args.length >= 5 && args[3].equals("--data") ? Path.of(args[4]) : null);
            case "sql" -> sql(port, args.length >= 4 ? args[3] : "");
            default -> usage();
        }
    }

    private static void serve(int port, Path data) throws Exception {
        if (data == null) {
            usage();
        }
        Files.createDirectories(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("listen_addresses", "127.0.0.1").start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + ", data in " + data);
        stopped.await();
    }

    private static void sql(int port, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", ""); Statement s = c.createStatement()) {
            if (s.execute(statement)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
            }
        }
    }

    private static void usage() {
        System.err.println("usage: dev-postgres serve --port N --data DIR | dev-postgres sql --port N STATEMENT");
        System.exit(2);
    }
}
