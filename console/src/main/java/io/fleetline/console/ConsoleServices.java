package io.fleetline.console;

import io.fleetline.core.auth.AccessKeyStore;
import io.fleetline.core.state.StateGate;
import io.fleetline.jobs.Jobs;
import io.fleetline.ota.update.OtaUpdates;
import io.fleetline.registry.Registry;
import io.fleetline.search.indexing.FleetIndexing;
import io.fleetline.security.Security;
import io.fleetline.shadow.ShadowService;
import java.time.Clock;
import java.util.Optional;

/**
 * The services the console reads and acts through: the home account's, the same the API's handlers call. The access
 * keys are the ones SigV4 checks; {@code ota} is empty where OTA updates are not served (an external object store); every page passes the server's {@link StateGate} as an API request does.
 */
public record ConsoleServices(Registry registry, Security security, Jobs jobs, Optional<OtaUpdates> ota,
                              FleetIndexing indexing, ShadowService shadows, AccessKeyStore keys, StateGate gate,
                              Clock clock) {
}
