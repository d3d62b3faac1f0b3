/**
 * The device protocols as they are on the wire, shared by the server and the device agent: topic builders and
 * parsers, request and response records for the jobs and streams protocols (shadows later), their JSON and CBOR
 * codecs, and the one set of rejection codes devices are answered with. Nothing here knows a broker, a server or a
 * store.
 */
package io.fleetline.protocol;
