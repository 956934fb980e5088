package io.contactsync.salesforce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts the secrets the service keeps in its database (AES-256-GCM, a random 12-byte nonce per value,
 * stored as base64 of nonce and ciphertext). The key is {@code contactsync.secret-key}
 * ({@code CONTACTSYNC_SECRET_KEY}, 32 bytes in base64) or, when that is unset, a key generated once
 * into {@code contactsync.secret-key-file}, readable by its owner only. Read on first use, so a
 * service that keeps no secret writes no key file.
 */
@Component
public class SecretBox {

    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String configuredKey;
    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;

    public SecretBox(@Value("${contactsync.secret-key:}") String configuredKey,
                     @Value("${contactsync.secret-key-file:./data/secret-key}") String keyFile) {
        this.configuredKey = configuredKey;
        this.keyFile = Path.of(keyFile);
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    public String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: the secret key (CONTACTSYNC_SECRET_KEY or "
                    + keyFile + ") is not the one it was stored with", e);
        }
    }

    private SecretKey key() {
        SecretKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadKey(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadKey() {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return checked(Base64.getDecoder().decode(configuredKey.strip()), "contactsync.secret-key");
        }
        try {
            if (Files.exists(keyFile)) {
                return checked(Base64.getDecoder().decode(Files.readString(keyFile).strip()), keyFile.toString());
            }
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n");
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("no POSIX permissions on {}", keyFile);
            }
            LOG.warn("No CONTACTSYNC_SECRET_KEY set: generated a key for stored secrets in {} (keep it with the database)",
                    keyFile.toAbsolutePath().normalize());
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret key file " + keyFile, e);
        }
    }

    private static byte[] checked(byte[] key, String source) {
        if (key.length != 32) {
            throw new IllegalStateException(source + " must be 32 bytes in base64 (openssl rand -base64 32), was "
                    + key.length + " bytes");
        }
        return key;
    }
}
