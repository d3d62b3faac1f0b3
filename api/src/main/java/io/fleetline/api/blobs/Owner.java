package io.fleetline.api.blobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The owner (and initiator) S3 names in listings: the account whose store it is. S3 writes a canonical user id
 * there; Fleetline has no canonical ids and names the account id, which is what IAM and the clients show elsewhere.
 * {@code DisplayName} is left out, as S3 now leaves it out.
 */
record Owner(String accountId) {
    ObjectNode node() {
        return JsonNodeFactory.instance.objectNode().put("ID", accountId);
    }
}
