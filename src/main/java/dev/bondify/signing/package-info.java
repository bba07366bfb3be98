/** Placeholder: signing keys for OpenID Connect tokens. */
package dev.bondify.signing;
