package io.fleetline.ota.signing;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * The signing platforms Fleetline signs for: the two AWS Signer offers IoT firmware signed with ECDSA P-256 over
 * SHA-256, {@code AmazonFreeRTOS-Default} (what FreeRTOS's OTA agent verifies) and
 * {@code AWSIoTDeviceManagement-SHA256-ECDSA} (for other devices' agents). Their descriptions are AWS's; both take a
 * certificate with a P-256 key.
 */
public final class SigningPlatforms {
    public static final SigningPlatform FREE_RTOS_DEFAULT = new SigningPlatform("AmazonFreeRTOS-Default",
            "Amazon FreeRTOS Default", "AmazonFreeRTOS", "SHA256-ECDSA", "AWSIoT", List.of("ECDSA"), "ECDSA",
            List.of("SHA256"), "SHA256", List.of("JSONEmbedded"), "JSONEmbedded", 16, KeyAlgorithm.EC_PRIME256V1);
    public static final SigningPlatform DEVICE_MANAGEMENT = new SigningPlatform("AWSIoTDeviceManagement-SHA256-ECDSA",
            "AWS IoT Device Management SHA256-ECDSA", "AWSIoTDeviceManagement", "SHA256-ECDSA", "AWSIoT",
            List.of("ECDSA"), "ECDSA", List.of("SHA256"), "SHA256", List.of("JSONDetached"), "JSONDetached", 2048,
            KeyAlgorithm.EC_PRIME256V1);
    private static final List<SigningPlatform> ALL = List.of(DEVICE_MANAGEMENT, FREE_RTOS_DEFAULT);

    /** The platform of that id; none is {@code ResourceNotFoundException}, as GetSigningPlatform answers. */
    public SigningPlatform get(String platformId) {
        return find(platformId).orElseThrow(() -> FleetlineException.notFound(
                "Signing platform " + platformId + " does not exist"));
    }

    public Optional<SigningPlatform> find(String platformId) {
        return ALL.stream().filter(platform -> platform.platformId().equals(platformId)).findFirst();
    }

    /** ListSigningPlatforms: those of the category, partner and target asked for (each optional), by id. */
    public Page<SigningPlatform> list(Optional<String> category, Optional<String> partner, Optional<String> target,
                                      PageRequest page) {
        List<SigningPlatform> matching = ALL.stream()
                .filter(platform -> category.map(platform.category()::equals).orElse(true))
                .filter(platform -> partner.map(platform.partner()::equals).orElse(true))
                .filter(platform -> target.map(platform.target()::equals).orElse(true))
                .toList();
        return Page.ofSorted(matching, page, SigningPlatform::platformId);
    }
}
