package io.fleetline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a TLS server negotiates with OpenSSL as a client (the library wrk uses): one handshake with
 * {@code openssl s_client -brief}, its protocol, cipher suite, key exchange and signature printed.
 */
final class OpenSslProbe {
    private static final List<String> SHOWN = List.of("Protocol version", "Ciphersuite", "Signature type",
            "Server Temp Key", "Negotiated TLS1.3 group");

    private OpenSslProbe() {
    }

    static String describe(int port) {
        try {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-brief")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();  // no request: the handshake alone, then s_client ends
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.lines().filter(l -> SHOWN.stream().anyMatch(l::startsWith)).map(String::trim)
                    .collect(Collectors.joining("; "));
        } catch (IOException e) {
            return "openssl s_client failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
