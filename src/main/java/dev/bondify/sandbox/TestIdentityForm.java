package dev.bondify.sandbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.bondify.session.TelegramIdentity;

/**
 * The editable test Telegram identity of the sandbox page's form, with the same limits
 * Telegram's own values have.
 */
public class TestIdentityForm {

	@NotNull
	@Positive
	private Long telegramId = 123456789L;

	@NotBlank
	@Size(max = 128)
	private String name = "Alex Johnson";

	/**
	 * Telegram usernames: 5–32 letters, digits and underscores, starting with a letter;
	 * optional.
	 */
	@Pattern(regexp = "@?([A-Za-z][A-Za-z0-9_]{4,31})?")
	private String username = "alexj";

	/**
	 * Digits with an optional leading {@code +}; required only when the project asks for
	 * the phone.
	 */
	@Pattern(regexp = "(\\+?[0-9]{5,15})?")
	private String phone = "+15555550100";

	public Long getTelegramId() {
		return this.telegramId;
	}

	public void setTelegramId(Long telegramId) {
		this.telegramId = telegramId;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = (name != null) ? name.strip() : null;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = (username != null) ? username.strip() : null;
	}

	public String getPhone() {
		return this.phone;
	}

	public void setPhone(String phone) {
		this.phone = (phone != null) ? phone.strip() : null;
	}

	/**
	 * The identity to confirm with; the phone is kept only when the project asks for it.
	 */
	TelegramIdentity toIdentity(boolean withPhone) {
		return new TelegramIdentity(this.telegramId, this.name, this.username, withPhone ? this.phone : null);
	}

}
