/**
 * The database: an embedded PostgreSQL kept in {@code BONDIFY_DATA_DIR} unless an
 * external one is configured.
 */
package dev.bondify.database;
