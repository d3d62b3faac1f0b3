/**
 * Test support shared by the end-to-end suites and benchmarks: a server on a free port over a fresh
 * database, a manual clock, the real AWS CLIs, and a server in a child process for crash tests.
 */
package io.fleetline.testkit;
