package io.fleetline.registry.group;

/**
 * What decides a dynamic group's members: a fleet-index query. {@code indexName} is the index it runs on (AWS has
 * one, {@code AWS_Things}); {@code queryVersion} is the syntax's version, {@code 2017-09-30}.
 */
public record DynamicQuery(String indexName, String queryString, String queryVersion) {
    public static final String DEFAULT_INDEX = "AWS_Things";
    public static final String DEFAULT_VERSION = "2017-09-30";
}
