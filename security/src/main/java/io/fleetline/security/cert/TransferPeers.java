package io.fleetline.security.cert;

import java.util.List;

/**
 * The accounts served beside this one, as certificate transfers reach them. An account's services never read
 * another account's store: a target asks the source's {@link CertificateTransfers} through this seam, which the
 * server implements because only it knows the accounts it serves.
 */
@FunctionalInterface
public interface TransferPeers {
    /** A server of one account: offers are made, and nobody here can take them. */
    TransferPeers NONE = region -> List.of();

    /** The certificate transfers of every account served now in the region (the asking one may be among them). */
    List<CertificateTransfers> inRegion(String region);
}
