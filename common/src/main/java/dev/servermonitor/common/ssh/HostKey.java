package dev.servermonitor.common.ssh;

/** A server's host key as it presented it: {@code SHA256:…} fingerprint and key type. */
public record HostKey(String fingerprint, String type) {
}
