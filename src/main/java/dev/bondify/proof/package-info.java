/**
 * Proofs: the JWT handed to the app on confirmation (HS256 with the project's secret key,
 * or ES256 with the shared signing keys), and its replay-protected server-side check.
 */
package dev.bondify.proof;
