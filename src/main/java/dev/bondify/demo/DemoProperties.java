package dev.bondify.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether the demo page and its sandbox demo project exist
 * ({@code BONDIFY_DEMO_ENABLED}).
 *
 * @param enabled {@code true} or {@code false}; unset means on with the embedded database
 * and off with an external one, so a production database never gets a demo project it did
 * not ask for
 */
@ConfigurationProperties("bondify.demo")
public record DemoProperties(Boolean enabled) {
}
