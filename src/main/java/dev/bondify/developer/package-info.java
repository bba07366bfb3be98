/**
 * Developer accounts: registration, login, the Bearer tokens of the developer API and
 * their authentication filter.
 */
package dev.bondify.developer;
