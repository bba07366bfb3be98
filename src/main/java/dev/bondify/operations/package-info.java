/**
 * Operations: request logs and request ids, domain metrics, the OpenAPI description and
 * start-up failure messages.
 */
package dev.bondify.operations;
