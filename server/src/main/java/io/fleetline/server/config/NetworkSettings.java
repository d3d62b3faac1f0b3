package io.fleetline.server.config;

import java.util.regex.Pattern;

/**
 * The addresses of the server.
 *
 * @param bindHost   the address every listener binds to ({@code --bind})
 * @param publicHost the host name clients are told to use ({@code --public-host}): in DescribeEndpoint, endpoint.json,
 *                   the URLs printed at start and the server's TLS certificate
 */
public record NetworkSettings(String bindHost, String publicHost) {
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    /** What clients are told when the listeners bind every address, which is no address a client can call. */
    private static final String WILDCARD_PUBLIC_HOST = "127.0.0.1";
    /** A host name or IP address; a URL (the usual slip) would make every URL built from it wrong. */
    private static final Pattern HOST = Pattern.compile("[^\\s/@?#]+");

    public NetworkSettings {
        requireHost("--bind", bindHost);
        requireHost("--public-host", publicHost);
    }

    public static NetworkSettings defaults() {
        return bindingTo(DEFAULT_BIND_HOST);
    }

    /** Listeners on {@code bindHost}, which clients are told too unless it is a wildcard address. */
    public static NetworkSettings bindingTo(String bindHost) {
        return new NetworkSettings(bindHost, isWildcard(bindHost) ? WILDCARD_PUBLIC_HOST : bindHost);
    }

    /** Whether the listeners bind every address of the machine (0.0.0.0 or ::). */
    public boolean bindsEveryAddress() {
        return isWildcard(bindHost);
    }

    public NetworkSettings withPublicHost(String host) {
        return new NetworkSettings(bindHost, host);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private static void requireHost(String flag, String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(flag + " must be a host name or IP address (not a URL): " + host);
        }
    }
}
