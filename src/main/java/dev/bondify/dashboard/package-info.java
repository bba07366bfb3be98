/**
 * The developer dashboard at {@code /dashboard}: its static pages, the httpOnly cookie
 * that carries the developer token for them, and the CSRF check on their state changes.
 */
package dev.bondify.dashboard;
