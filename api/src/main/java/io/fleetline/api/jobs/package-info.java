/** The IoT Jobs operations: jobs, executions and templates on the control plane, and the iot-jobs-data plane. */
package io.fleetline.api.jobs;
