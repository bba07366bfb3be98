/**
 * Projects: the apps that use Bondify sign-in, their settings and their secret keys.
 */
package dev.bondify.project;
