/**
 * Bondify: a self-hostable, Bondify-compatible "Sign in with Telegram" backend.
 */
package dev.bondify;
