/**
 * The Device Shadow topics: {@code $aws/things/{thing}/shadow/{get|update|delete}} for the classic shadow and
 * {@code $aws/things/{thing}/shadow/name/{shadow}/...} for named ones, each request answered on its topic plus
 * {@code /accepted} or {@code /rejected}, an update also on {@code /update/delta} and {@code /update/documents}.
 */
package io.fleetline.protocol.shadow;
