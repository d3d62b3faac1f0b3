/** Jobs, executions and job templates over JDBC. */
package io.fleetline.storage.jobs;
