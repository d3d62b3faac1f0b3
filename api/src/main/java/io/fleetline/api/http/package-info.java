/** The HTTP side: the Jetty server, dispatching of requests to operations, and AWS-shaped responses. */
package io.fleetline.api.http;
