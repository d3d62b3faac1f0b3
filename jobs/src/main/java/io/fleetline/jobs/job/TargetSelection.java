package io.fleetline.jobs.job;

/** SNAPSHOT jobs run on the things targeted at creation; CONTINUOUS jobs also on things that join a target group. */
public enum TargetSelection {
    SNAPSHOT,
    CONTINUOUS
}
