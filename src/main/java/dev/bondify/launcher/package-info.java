/**
 * The jar's first class: compiled for Java 17, it checks the running Java before any
 * class of the service is loaded.
 */
package dev.bondify.launcher;
