package io.fleetline.ota.update;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Tells a base64-written signature from raw DER (a DER signature starts with a SEQUENCE, 0x30, never ASCII text). */
final class SignatureText {
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}\\s*");

    private SignatureText() {
    }

    static byte[] der(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == 0x30) {
            return bytes.clone();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (BASE64.matcher(text).matches()) {
            try {
                return Base64.getDecoder().decode(text.strip());
            } catch (IllegalArgumentException notBase64) {
                // answered as the bytes they are
            }
        }
        return bytes.clone();
    }
}
