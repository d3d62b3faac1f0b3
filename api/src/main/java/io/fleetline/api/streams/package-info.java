/** The IoT API's streams operations (CreateStream, DescribeStream, UpdateStream, ListStreams, DeleteStream). */
package io.fleetline.api.streams;
