/**
 * Reading the numbers of the JSON jobs are given exactly: a number is read only into a type it fits, never wrapped or
 * made infinite. Strict reading of the text (a key twice, content after the value) is the wire layer's:
 * {@link io.fleetline.protocol.StrictJson} for devices, the API's binding for operators.
 */
package io.fleetline.jobs.json;
