package io.fleetline.jobs.template;

import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS's managed job templates (ListManagedJobTemplates, DescribeManagedJobTemplate, and CreateJob's
 * {@code jobTemplateArn} with {@code documentParameters}): a fixed catalogue, the same in every account and region,
 * read from the JSON files beside this class ({@code managed/<name>-<version>.json}, our own files stating AWS's
 * published contract).
 *
 * <p>What Fleetline serves, version 1.0 of each, as AWS's developer guide ("Use AWS managed templates to deploy common
 * remote operations", "Create a job from AWS managed templates by using the AWS CLI") prints them. Every document
 * is in the AWS IoT Device Client's job document schema 1.0: one {@code runHandler} step naming a shell script of
 * the Device Client's sample job handlers, which the Device Client runs with {@code runAsUser} as its first
 * argument, then the step's {@code args}; {@code path} is the handlers' directory (empty: the executable is looked
 * up on the PATH; {@code default}: the Device Client's own handler directory).
 * <ul>
 *   <li>{@code AWS-Reboot}: {@code reboot.sh}, no required parameter; the device reboots.</li>
 *   <li>{@code AWS-Download-File}: {@code download-file.sh <downloadUrl> <filePath>}; the device downloads the URL
 *       (an internet resource, a public or presigned S3 URL) to the path.</li>
 *   <li>{@code AWS-Install-Application} / {@code AWS-Remove-Application}: {@code install-packages.sh} /
 *       {@code remove-packages.sh} with {@code packages}, a space-separated list, as one argument.</li>
 *   <li>{@code AWS-Start-Application} / {@code AWS-Stop-Application} / {@code AWS-Restart-Application}:
 *       {@code start-services.sh} / {@code stop-services.sh} / {@code restart-services.sh} with {@code services}, a
 *       space-separated list of system services, as one argument.</li>
 * </ul>
 * All of them also take the optional {@code runAsUser} (at most 256 characters) and {@code pathToHandler} (at most
 * 4,096). AWS publishes the parameters of {@code AWS-Download-File} and of these two word for word; the descriptions
 * and examples of {@code packages} and {@code services} are written here in the same style.
 */
public final class ManagedTemplates {
    /** {@code arn:aws:iot:<region>::jobtemplate/<name>[:<version>]}: no account, as AWS writes managed templates. */
    private static final Pattern ARN = Pattern.compile("arn:aws:iot:([^:]*)::jobtemplate/([^:/]+)(?::([^:/]*))?");
    private static final Comparator<ManagedTemplate> BY_LABEL = Comparator.comparing(ManagedTemplate::label);
    private final List<ManagedTemplate> templates;

    private ManagedTemplates(List<ManagedTemplate> templates) {
        this.templates = templates.stream().sorted(BY_LABEL).toList();
    }

    /** The templates Fleetline ships: AWS's, as AWS documents them. */
    public static ManagedTemplates aws() {
        return Bundled.AWS;
    }

    /** Every template, every version, by name then version. */
    public List<ManagedTemplate> all() {
        return templates;
    }

    /**
     * ListManagedJobTemplates: the versions of one template, or of all. A name no template has is
     * {@code ResourceNotFoundException} (the operation's only resource).
     */
    public Page<ManagedTemplate> list(Optional<String> name, PageRequest page) {
        List<ManagedTemplate> chosen = name.map(this::versionsOf).orElse(templates);
        return Page.ofSorted(chosen, page, ManagedTemplate::label);
    }

    /** DescribeManagedJobTemplate: the version named, or the template's latest. */
    public ManagedTemplate describe(String name, Optional<String> version) {
        List<ManagedTemplate> versions = versionsOf(name);
        if (version.isEmpty()) {
            return versions.stream().max(Comparator.comparing(ManagedTemplate::version, ManagedTemplates::byNumber))
                    .orElseThrow();
        }
        return versions.stream().filter(t -> t.version().equals(version.get())).findFirst()
                .orElseThrow(() -> FleetlineException.notFound("The managed job template " + name
                        + " has no version " + version.get()));
    }

    /**
     * The template a {@code jobTemplateArn} names when it has the managed templates' form (an empty account field);
     * empty for any other ARN, which names one of the account's own templates. The version may be left out (the
     * latest); the region must be {@code region}, the server's.
     */
    public Optional<ManagedTemplate> byArn(String arn, String region) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (!m.group(1).equals(region)) {
            throw FleetlineException.invalid("jobTemplateArn " + arn + " names the region '" + m.group(1)
                    + "'; the managed job templates here are " + "arn:aws:iot:" + region + "::jobtemplate/<name>:<version>");
        }
        return Optional.of(describe(m.group(2), Optional.ofNullable(m.group(3))));
    }

    private List<ManagedTemplate> versionsOf(String name) {
        List<ManagedTemplate> versions = templates.stream().filter(t -> t.name().equals(name)).toList();
        if (versions.isEmpty()) {
            throw FleetlineException.notFound("The managed job template " + name + " does not exist");
        }
        return versions;
    }

    /** {@code 1.10} after {@code 1.9}: the model's versions are numbers joined by a dot. */
    private static int byNumber(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Read once, on first use; the files are part of the build, so one that does not read is a bug. */
    private static final class Bundled {
        static final ManagedTemplates AWS = new ManagedTemplates(ManagedTemplateFiles.read(List.of(
                "AWS-Download-File-1.0", "AWS-Install-Application-1.0", "AWS-Reboot-1.0",
                "AWS-Remove-Application-1.0", "AWS-Restart-Application-1.0", "AWS-Start-Application-1.0",
                "AWS-Stop-Application-1.0")));
    }
}
