/**
 * Proofs: the HS256 JWT handed to the app on confirmation, and its replay-protected
 * server-side check.
 */
package dev.bondify.proof;
