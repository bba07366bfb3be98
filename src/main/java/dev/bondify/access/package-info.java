/**
 * Admission: what a request must pass before any feature sees it (header validation, the
 * servlet filters' order, the Spring Security chains per API surface); the order lives in
 * {@link dev.bondify.access.AdmissionOrder}.
 */
package dev.bondify.access;
