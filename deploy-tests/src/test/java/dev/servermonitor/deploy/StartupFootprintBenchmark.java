package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.servermonitor.common.testing.ServiceProcess;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The JVM side of docs/performance.md's native figures: the three packaged jars started exactly as
 * {@link NativeExecutablesIT} starts the native executables ({@link ThreeServices#startAll}), with
 * the JVM's default options, as {@code java -jar} runs them; prints start-to-ready and idle RSS.
 */
@Tag("benchmark")
class StartupFootprintBenchmark {

    private final List<ServiceProcess> running = new ArrayList<>();

    @AfterEach
    void stopAll() {
        running.forEach(ServiceProcess::close);
    }

    @Test
    void jarsStartToReadyAndIdleMemory() throws Exception {
        ThreeServices.Started started = ThreeServices.startAll("deploy",
                (service, env) -> ServiceProcess.start(
                        Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar"),
                        TestDatabase.name("deploy"), env, List.of()),
                running);
        System.out.println("jvm start to /api/ready 200 (ms): " + started.readyMs());
        System.out.println("jvm Quarkus 'started in': " + started.startedIn());
        System.out.println("jvm idle RSS (KiB): " + started.idleRssKib());
        assertThat(started.readyMs()).hasSize(3);
    }
}
