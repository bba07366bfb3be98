/**
 * Backups without PostgreSQL tools: the {@code backup} and {@code restore} operator
 * commands copy every table through JDBC {@code COPY} into one compressed file and back.
 */
package dev.bondify.backup;
