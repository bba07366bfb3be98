/**
 * The demo page at {@code /}: "Sign in with Telegram" against a sandbox demo project, end
 * to end in a browser.
 */
package dev.bondify.demo;
