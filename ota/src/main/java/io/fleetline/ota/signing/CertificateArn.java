package io.fleetline.ota.signing;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of an ACM certificate, {@code arn:aws:acm:<region>:<account>:certificate/<uuid>}, as ACM makes them: the
 * only name a certificate has.
 */
public record CertificateArn(String value) {
    private static final Pattern SHAPE = Pattern.compile("arn:aws:acm:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):"
            + "certificate/([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})");

    public CertificateArn {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an ACM certificate ARN: " + value);
        }
    }

    /** A new certificate's ARN in the account. */
    public static CertificateArn generate(AccountScope scope) {
        return new CertificateArn("arn:aws:acm:" + scope.region() + ":" + scope.accountId() + ":certificate/"
                + UUID.randomUUID());
    }

    /**
     * The ARN a request names, if it is one of this account and region; any other text (the model's pattern lets
     * more through) is {@code ResourceNotFoundException}, as there can be no such certificate here.
     */
    public static CertificateArn in(AccountScope scope, String text) {
        return parse(text)
                .filter(arn -> arn.region().equals(scope.region()) && arn.accountId().equals(scope.accountId()))
                .orElseThrow(() -> FleetlineException.notFound("Could not find certificate " + text + "."));
    }

    public static Optional<CertificateArn> parse(String text) {
        return text != null && SHAPE.matcher(text).matches() ? Optional.of(new CertificateArn(text)) : Optional.empty();
    }

    public String region() {
        return part(1);
    }

    public String accountId() {
        return part(2);
    }

    /** The certificate's id: the UUID at the end. */
    public String id() {
        return part(3);
    }

    private String part(int group) {
        Matcher matcher = SHAPE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalStateException("checked when made");
        }
        return matcher.group(group);
    }

    @Override
    public String toString() {
        return value;
    }
}
