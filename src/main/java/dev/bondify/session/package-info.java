/**
 * Sign-in sessions: generate and verify, and the state changes (bind, confirm, cancel)
 * the bot and sandbox drive.
 */
package dev.bondify.session;
