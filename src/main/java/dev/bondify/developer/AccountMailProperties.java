package dev.bondify.developer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Account e-mail settings; the SMTP server itself is Spring Boot's {@code spring.mail.*}
 * ({@code SPRING_MAIL_HOST}, {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD}), and
 * e-mail is on exactly when {@code SPRING_MAIL_HOST} is set.
 *
 * @param from the sender address of verification and reset mails
 * ({@code BONDIFY_MAIL_FROM}); required when e-mail is on
 */
@ConfigurationProperties("bondify.mail")
record AccountMailProperties(String from) {
}
