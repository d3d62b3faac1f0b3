package io.fleetline.ota.update;

import java.util.Map;
import java.util.Optional;

/**
 * One file of an OTA update as CreateOTAUpdate gave it: {@code fileName} (its path on the device, the document's
 * {@code filepath}), {@code fileType} (0-255, passed to the device), {@code fileVersion}, where it is, how it is
 * signed, and {@code attributes} (kept and shown, never sent to devices, as AWS documents).
 */
public record OtaFile(Optional<String> fileName, Optional<Integer> fileType, Optional<String> fileVersion,
                      Optional<FileLocation> location, Optional<CodeSigning> codeSigning,
                      Map<String, String> attributes) {
    public OtaFile {
        attributes = Map.copyOf(attributes);
    }
}
