package dev.servermonitor.api.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What a server's {@code host} may be: a DNS host name, an IPv4 literal or an IPv6 literal.
 * Anything else (whitespace, shell metacharacters, URLs, ports, brackets, zone ids) is refused
 * before it reaches SSH.
 */
final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern
            .compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private HostNames() {
    }

    static boolean valid(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.contains(":")) {
            return ipv6(host);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            // all-numeric: only a real IPv4 address (999.1.1.1 is not a host name either)
            return IPV4.matcher(host).matches();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6(String host) {
        if (!IPV6_CHARS.matcher(host).matches()) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never looked up in DNS
            return InetAddress.getByName(host).getAddress().length == 16 || host.contains("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
