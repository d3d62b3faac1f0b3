/**
 * The jobs device protocol, as AWS IoT Jobs defines it for devices: the request topics under
 * {@code $aws/things/{thing}/jobs/} and their {@code /accepted} and {@code /rejected} answers ({@link JobsTopic}),
 * the requests and responses of GetPendingJobExecutions, StartNextPendingJobExecution, DescribeJobExecution and
 * UpdateJobExecution as typed values ({@link JobsRequest}, {@link JobsResponse}) whether they travel over MQTT or the
 * jobs data plane over HTTPS, and their JSON ({@link JobsJson}), including the {@code notify} and
 * {@code notify-next} pushes.
 */
package io.fleetline.protocol.jobs;
