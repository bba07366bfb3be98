/**
 * Secrets at rest: sealing what an earlier release stored in clear, and re-encrypting
 * every sealed column under the current key ({@code encryption rotate}).
 */
package dev.bondify.encryption;
