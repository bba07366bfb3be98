/**
 * Signing keys: the EC P-256 keys shared by every instance that sign OpenID Connect
 * tokens and ES256 proofs, stored encrypted, rotated, and published as a JWKS.
 */
package dev.bondify.signing;
