/**
 * The AWS IoT Device Client's job documents (schema version {@code 1.0}, and the older flat
 * {@code operation}/{@code args} form), carried out by the agent as the Device Client would: {@code runHandler} steps
 * run a handler from a directory of mode 0700, {@code runCommand} steps only programs on the agent's allow-list, each
 * step bounded in time and output, and the outcome reported with the Device Client's {@code statusDetails} keys
 * ({@code reason}, {@code stdout}, {@code stderr}).
 *
 * <p>{@link io.fleetline.agent.internal.deviceclient.DeviceClientJobs} is the {@link io.fleetline.agent.JobHandler};
 * it also installs the standard handler scripts the AWS managed job templates name ({@code download-file.sh},
 * {@code reboot.sh}, {@code install-packages.sh}, ...). A {@code reboot.sh} step from the handler directory reboots
 * through the agent's {@link io.fleetline.agent.Reboot} and succeeds when the agent runs the job again after the
 * restart, as the Device Client's reboot handler does with its lock file.
 */
package io.fleetline.agent.internal.deviceclient;
