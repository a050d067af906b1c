package dev.servermonitor.common.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.servermonitor.common.config.CommonConfig;

/** This process: its service name and an id unique to this run (host name plus a random suffix). */
@ApplicationScoped
public class ServiceInstance {

    private final String service;
    private final String id;
    private final Instant startedAt = Instant.now();

    public ServiceInstance(CommonConfig config) {
        this.service = config.service();
        this.id = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String service() {
        return service;
    }

    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
