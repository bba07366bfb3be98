/**
 * The exchange endpoint: Telegram identities proven by a Mini App's initData, the Login
 * Widget or Telegram's own OpenID Connect id_token, turned into a confirmed Bondify
 * session and proof.
 */
package dev.bondify.exchange;
