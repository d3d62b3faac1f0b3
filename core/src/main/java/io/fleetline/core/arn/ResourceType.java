package io.fleetline.core.arn;

/** The resource kinds that have ARNs, with the resource part AWS IoT puts in them. */
public enum ResourceType {
    THING("thing"),
    THING_TYPE("thingtype"),
    THING_GROUP("thinggroup"),
    BILLING_GROUP("billinggroup"),
    CERTIFICATE("cert"),
    CA_CERTIFICATE("cacert"),
    POLICY("policy"),
    CLIENT("client"),
    TOPIC("topic"),
    TOPIC_FILTER("topicfilter"),
    JOB("job"),
    JOB_TEMPLATE("jobtemplate"),
    STREAM("stream");

    private final String arnPrefix;

    ResourceType(String arnPrefix) {
        this.arnPrefix = arnPrefix;
    }

    public String arnPrefix() {
        return arnPrefix;
    }
}
