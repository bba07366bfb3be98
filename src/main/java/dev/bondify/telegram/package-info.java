/**
 * The Telegram bot: deeplink start, the Confirm / Cancel prompt, webhook and polling
 * modes.
 */
package dev.bondify.telegram;
