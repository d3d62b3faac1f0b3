/** The broker's durable state over JDBC: retained messages. */
package io.fleetline.storage.bus;
