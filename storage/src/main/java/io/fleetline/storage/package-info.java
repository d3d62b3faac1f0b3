/**
 * Durable state over JDBC: one set of Flyway migrations and one store layer for SQLite (the embedded
 * default) and PostgreSQL (scale-out).
 */
package io.fleetline.storage;
