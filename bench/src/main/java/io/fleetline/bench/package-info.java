/** Benchmarks: each is a main program that prints its figures; docs/benchmarks.md records them. */
package io.fleetline.bench;
