/**
 * Operator commands run from the same jar against the configured database.
 */
package dev.bondify.command;
