/**
 * Reading the JSON jobs are given, from operators and from devices, exactly: a key twice or content after the value is
 * refused, and a number is read only into a type it fits, never wrapped or made infinite.
 */
package io.fleetline.jobs.json;
