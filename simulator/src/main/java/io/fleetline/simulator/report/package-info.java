/**
 * A simulation's report ({@link io.fleetline.simulator.report.Report}), made from what the devices and the server say
 * at the end ({@link io.fleetline.simulator.report.Facts}), and written as JSON, a self-contained HTML page with the
 * rollout timeline, and text for the terminal.
 */
package io.fleetline.simulator.report;
