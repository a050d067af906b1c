package dev.servermonitor.monitor.history;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.servermonitor.common.error.ApiException;
import dev.servermonitor.monitor.stream.Hub;
import dev.servermonitor.monitor.stream.Messages;

/**
 * What the stats endpoints answer; the newest sample comes from memory when this instance polls it.
 */
@ApplicationScoped
public class StatsService {

    public enum Format {

        CSV("text/csv", "csv"),
        JSON("application/json", "json");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        static Format of(String value) {
            if (value == null || value.isBlank()) {
                return CSV;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("format must be csv or json");
            }
        }

        String contentType() {
            return contentType;
        }

        String extension() {
            return extension;
        }
    }

    private final HistoryRepository history;
    private final Hub hub;
    private final Messages messages;

    public StatsService(HistoryRepository history, Hub hub, Messages messages) {
        this.history = history;
        this.hub = hub;
        this.messages = messages;
    }

    public Uni<HistoryRepository.ServerInfo> requireServer(long id) {
        return history.server(id).map(s -> ApiException.requireFound(s, "server", id));
    }

    public Uni<LatestView> latest(long id) {
        return requireServer(id).chain(s -> {
            String live = hub.latestSample(id);
            if (live != null) {
                return Uni.createFrom().item(new LatestView(id, s.status(), s.lastSeen(), live));
            }
            return history.newest(id).map(sample -> new LatestView(id, s.status(), s.lastSeen(),
                    sample == null ? null : messages.write(sample)));
        });
    }

    public Uni<HistoryView> history(long id, TimeRange range) {
        return requireServer(id).chain(s -> history.buckets(id, range))
                .map(points -> new HistoryView(id, range.from(), range.to(), range.step().toSeconds(),
                        range.stepRaised(), TimeRange.MAX_POINTS, points));
    }

    public Uni<BreakdownView> breakdown(long id, TimeRange range) {
        return requireServer(id).chain(s -> history.breakdown(id, range)).map(points -> new BreakdownView(id,
                range.from(), range.to(), range.step().toSeconds(), range.stepRaised(), points));
    }

    /** Raw samples as CSV lines (header first) or as the pieces of one JSON array. */
    public Multi<String> export(long id, TimeRange range, Format format) {
        if (format == Format.CSV) {
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(SampleCsv.HEADER),
                    history.stream(id, range).map(SampleCsv::row));
        }
        boolean[] first = {true};
        Multi<String> items = history.stream(id, range).map(s -> {
            String piece = (first[0] ? "" : ",") + messages.write(s);
            first[0] = false;
            return piece;
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item("["), items,
                Multi.createFrom().item("]"));
    }

}
