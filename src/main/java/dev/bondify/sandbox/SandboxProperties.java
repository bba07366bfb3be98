package dev.bondify.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether sandbox projects and the sandbox page are served
 * ({@code BONDIFY_SANDBOX_ENABLED}).
 */
@ConfigurationProperties("bondify.sandbox")
public record SandboxProperties(boolean enabled) {
}
