package dev.servermonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The images scripts/build-images.sh builds from the packaged jars, built once per test JVM. */
final class Images {

    private static List<String> tags;

    private Images() {
    }

    /** The tags the script printed, building the images first if this JVM has not yet. */
    static synchronized List<String> built() {
        if (tags == null) {
            Podman.Result r = Podman.run(List.of(Podman.ROOT.resolve("scripts/build-images.sh").toString(),
                    "--no-build"), 900);
            assertThat(r.exit()).as("scripts/build-images.sh --no-build: %s", r.err()).isZero();
            tags = r.out().lines().toList();
        }
        return tags;
    }
}
