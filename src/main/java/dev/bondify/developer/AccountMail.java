package dev.bondify.developer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.system.PublicUrl;

/**
 * Sends the account mails (verification and reset links) through the configured SMTP
 * server, in the background: the API answers before the SMTP conversation, so neither its
 * timing nor a mail failure tells a caller whether an account exists. On only when
 * {@code SPRING_MAIL_HOST} is set.
 */
@Component
class AccountMail implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

	private final JavaMailSender sender;

	private final String from;

	private final String baseUrl;

	private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

	AccountMail(ObjectProvider<JavaMailSender> sender, AccountMailProperties properties, PublicUrl publicUrl,
			@Value("${spring.mail.host:}") String host) {
		// Compose files pass SPRING_MAIL_HOST= (empty) when unset: that is "no e-mail",
		// not a server.
		this.sender = StringUtils.hasText(host) ? sender.getIfAvailable() : null;
		this.from = (properties.from() != null) ? properties.from().trim() : "";
		this.baseUrl = publicUrl.value();
		if (this.sender != null && this.from.isEmpty()) {
			throw new InvalidConfigurationException("BONDIFY_MAIL_FROM must be set when SPRING_MAIL_HOST is: "
					+ "it is the sender address of verification and password reset mails.");
		}
		if (this.sender != null && !publicUrl.isSet()) {
			throw new InvalidConfigurationException("BONDIFY_PUBLIC_URL must be set when SPRING_MAIL_HOST is: "
					+ "e-mailed links are built from it, never from a request's Host header.");
		}
	}

	boolean enabled() {
		return this.sender != null;
	}

	/** The absolute URL of a page of this service, for a link in a mail. */
	String link(String pathAndQuery) {
		return this.baseUrl + pathAndQuery;
	}

	/**
	 * Runs {@code work} (which looks the account up and builds the mail, if any) off the
	 * request thread; any failure is logged without the address or the link.
	 */
	void inBackground(String what, MailWork work) {
		this.background.execute(() -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				log.warn("Could not send a {} mail: {}", what, ex.getClass().getSimpleName());
			}
		});
	}

	void send(String to, String subject, String text) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(to);
		message.setSubject(subject);
		message.setText(text);
		this.sender.send(message);
	}

	@Override
	public void destroy() {
		this.background.close();
	}

	/** The work of one mail. */
	@FunctionalInterface
	interface MailWork {

		void run();

	}

}
