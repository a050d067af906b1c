package dev.servermonitor.common.ssh;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.servermonitor.common.host.HostDenyList;
import dev.servermonitor.common.host.HostNames;

/**
 * Turns a server's host into the address SSH connects to, refusing what {@code SERVER_HOST_DENY}
 * denies. The check runs on every address the name resolves to, so a name pointing at a metadata
 * address is refused as the address itself would be; MINA is handed the checked address, so nothing
 * resolves the name a second time (no DNS rebinding between check and connect).
 */
@Singleton
public class SshAddresses {

    /** How a host name becomes addresses; tests give a fixed one so nothing is looked up. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HostDenyList deny;
    private final Resolver resolver;

    @Inject
    public SshAddresses(HostDenyList deny) {
        this(deny, InetAddress::getAllByName);
    }

    public SshAddresses(HostDenyList deny, Resolver resolver) {
        this.deny = deny;
        this.resolver = resolver;
    }

    /** The default {@code SERVER_HOST_DENY}, for code that runs without a container. */
    public static SshAddresses defaults() {
        return new SshAddresses(HostDenyList.parse(null));
    }

    /**
     * The address literal to connect to for {@code host}. Blocks while the name resolves.
     *
     * @throws SshFailure
     *             {@code host_denied} for a refused host or address, {@code unreachable} for an unknown
     *             name
     */
    public String resolve(String host) throws SshFailure {
        String problem = HostNames.problem(host);
        if (problem == null) {
            problem = deny.refusal(host);
        }
        if (problem != null) {
            throw new SshFailure("host_denied", problem, null);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new SshFailure("unreachable", "unknown host " + host, null);
        }
        if (addresses == null || addresses.length == 0) {
            throw new SshFailure("unreachable", "unknown host " + host, null);
        }
        for (InetAddress address : addresses) {
            String what = deny.deniedAs(address);
            if (what != null) {
                throw new SshFailure("host_denied", "host " + host + " resolves to " + address.getHostAddress()
                        + ", which is " + what + ", refused by SERVER_HOST_DENY", null);
            }
        }
        return addresses[0].getHostAddress();
    }
}
