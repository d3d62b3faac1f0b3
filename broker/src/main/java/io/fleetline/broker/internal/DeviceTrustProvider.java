package io.fleetline.broker.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Puts Fleetline's trust decision into the embedded broker, which builds its TLS context from a truststore
 * file with the JVM's default TrustManagerFactory and offers no other hook. This provider becomes that default:
 * for a truststore holding one of our marker aliases it answers the trust manager registered under it;
 * for every other truststore it is plain PKIX, so the rest of the JVM is unaffected.
 */
public final class DeviceTrustProvider extends Provider {
    static final String ALGORITHM = "FleetlineDeviceX509";
    static final String MARKER_PREFIX = "fleetline-device-trust-";
    private static final Map<String, TrustManager> MANAGERS = new ConcurrentHashMap<>();

    private DeviceTrustProvider() {
        super("FleetlineDeviceTrust", "1.0", "Fleetline's registered-certificate trust for device listeners");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, Spi.class.getName(), null, null));
    }

    /** Registers a trust manager under a marker alias, installing the provider once per JVM. */
    static synchronized void register(String marker, TrustManager manager) {
        if (Security.getProvider("FleetlineDeviceTrust") == null) {
            Security.addProvider(new DeviceTrustProvider());
            Security.setProperty("ssl.TrustManagerFactory.algorithm", ALGORITHM);
        }
        MANAGERS.put(marker, manager);
    }

    static void unregister(String marker) {
        MANAGERS.remove(marker);
    }

    /** The factory: ours for a marked truststore, PKIX otherwise. */
    public static final class Spi extends TrustManagerFactorySpi {
        private final TrustManagerFactory pkix;
        private TrustManager[] ours;

        public Spi() throws NoSuchAlgorithmException {
            this.pkix = TrustManagerFactory.getInstance("PKIX");
        }

        @Override
        protected void engineInit(KeyStore store) throws KeyStoreException {
            if (store != null) {
                for (String alias : Collections.list(store.aliases())) {
                    TrustManager manager = alias.startsWith(MARKER_PREFIX) ? MANAGERS.get(alias) : null;
                    if (manager != null) {
                        ours = new TrustManager[] {manager};
                        return;
                    }
                }
            }
            pkix.init(store);
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            pkix.init(parameters);
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return ours != null ? ours.clone() : pkix.getTrustManagers();
        }
    }
}
