/**
 * Sandbox projects: a built-in page that stands in for the Telegram bot, for local
 * development and app CI.
 */
package dev.bondify.sandbox;
