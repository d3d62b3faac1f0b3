package io.fleetline.storage;

/** The database could not be opened or migrated; the message says why in one line. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
