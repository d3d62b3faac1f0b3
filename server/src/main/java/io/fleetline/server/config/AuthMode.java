package io.fleetline.server.config;

/** How API requests are authenticated. */
public enum AuthMode {
    /** SigV4 with the server's access keys: the default. */
    SIGV4,
    /**
     * The test-double mode: any well-formed SigV4 signature is accepted whatever its key and value; a 12-digit key
     * id names the account, the signed region the region, and each account and region has state of its own.
     */
    PERMISSIVE,
    /** No authentication at all (--insecure-no-auth). */
    NONE
}
