package io.fleetline.ota.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the private keys of imported certificates before they are stored, and opens them to sign: AES-256-GCM under a
 * key the server keeps in its data directory, so that the database alone (a backup, a copy of the SQLite file, a
 * PostgreSQL dump) never holds a usable signing key. Each sealed key is bound to its certificate's ARN (the GCM
 * associated data): a sealed key copied into another certificate's row does not open.
 *
 * <p>Sealed form: one format byte ({@code 1}), the 12-byte nonce, then the ciphertext with its 16-byte tag.
 */
public final class KeySealer {
    /** AES-256: the key is 32 bytes. */
    public static final int KEY_BYTES = 32;
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key {@link #KEY_BYTES} bytes, from {@link #newKey()} when the server first started */
    public KeySealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a sealing key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A fresh random key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Seals {@code secret} for the holder named {@code context} (the certificate ARN). */
    public byte[] seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, context, secret);
        return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
    }

    /**
     * Opens what {@link #seal} made for the same {@code context}. Fails with {@link IllegalStateException} when it
     * cannot: another key (the data directory's key file was replaced) or damaged bytes.
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new IllegalStateException("a sealed key of " + context + " is damaged");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(sealed, 1 + NONCE_BYTES, sealed.length);
        return crypt(Cipher.DECRYPT_MODE, nonce, context, ciphertext);
    }

    private byte[] crypt(int mode, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("the sealed key of " + context + " does not open with this server's key "
                    + "(was the data directory's signing key file replaced?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
