/**
 * IoT Jobs: jobs and their executions on things, the rollout engine that releases, times out, retries and
 * aborts them, and the device protocol (MQTT topics and the jobs data plane) devices run them with.
 */
package io.fleetline.jobs;
