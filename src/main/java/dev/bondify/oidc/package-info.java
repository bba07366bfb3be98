/**
 * The OpenID Connect provider: Spring Authorization Server with every project as a
 * client, the sign-in page that waits for the Telegram confirmation, and the tokens'
 * claims.
 */
package dev.bondify.oidc;
