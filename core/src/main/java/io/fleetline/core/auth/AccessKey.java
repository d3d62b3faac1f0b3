package io.fleetline.core.auth;

import java.security.SecureRandom;
import java.time.Instant;

/** An access key pair in the AWS format: a 20-character id starting {@code AKIA} and a 40-character secret. */
public record AccessKey(String id, String secret, Instant createdAt) {
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @Override
    public String toString() {
        return "AccessKey[" + id + "]";  // never the secret in a log
    }

    public static AccessKey generate(SecureRandom random, Instant now) {
        return new AccessKey("AKIA" + randomText(random, ID_ALPHABET, 16), randomText(random, SECRET_ALPHABET, 40), now);
    }

    private static String randomText(SecureRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
