package dev.bondify.exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Mini App check against data Telegram itself signed: the initData, bot token and bot
 * id published as the example of the init-data-golang package
 * (github.com/Telegram-Mini-Apps/telegram-apps, apps/docs/packages/init-data-golang.md),
 * whose {@code signature} is by Telegram's production Ed25519 key. If our data-check
 * strings were wrong in any detail (decoding, order, what is left out, the bot id
 * prefix), these would fail.
 */
class MiniAppDataVerifierTest {

	static final String TELEGRAM_SIGNED = "user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%20%2B%20-%20%3F%20%5C%2F%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D&chat_instance=8134722200314281151&chat_type=private&auth_date=1733509682&signature=TYJxVcisqbWjtodPepiJ6ghziUL94-KNpG8Pau-X7oNNLNBM72APCpi_RKiUlBvcqo5L-LAxIc3dnTzcZX_PDg&hash=a433d8f9847bd6addcc563bff7cc82c89e97ea0d90c11fe5729cae6796a36d73";

	static final long BOT_ID = 7342037359L;

	static final String BOT_TOKEN = BOT_ID + ":AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4";

	static final String TELEGRAM_PRODUCTION_KEY = "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";

	static final Instant AUTH_DATE = Instant.ofEpochSecond(1733509682);

	MiniAppDataVerifier verifier = verifierAt(AUTH_DATE.plusSeconds(60));

	@Test
	void hashUnderTheBotTokenVerifies() {
		VerifiedLogin login = this.verifier.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID, BOT_TOKEN));

		assertThat(login.telegramId()).isEqualTo(279058397L);
		assertThat(login.name()).isEqualTo("Vladislav + - ? / Kibenko");
		assertThat(login.username()).isEqualTo("vdkfrost");
		assertThat(login.issuedAt()).isEqualTo(AUTH_DATE);
		assertThat(login.source()).isEqualTo("webapp");
	}

	@Test
	void telegramsEd25519SignatureVerifiesWithTheBotIdAlone() {
		VerifiedLogin login = this.verifier.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID, null));

		assertThat(login.telegramId()).isEqualTo(279058397L);
	}

	@Test
	void signatureAloneVerifiesWhenTheHashIsMissingOrFromAnotherToken() {
		String withoutHash = TELEGRAM_SIGNED.substring(0, TELEGRAM_SIGNED.indexOf("&hash="));

		assertThat(this.verifier.verify(withoutHash, new ServingBot(BOT_ID, null)).telegramId()).isEqualTo(279058397L);
		assertThat(
				this.verifier.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID, BOT_ID + ":another-token")).telegramId())
			.isEqualTo(279058397L);
	}

	@Test
	void theSameDataForAnotherBotIsRefused() {
		assertThatThrownBy(() -> this.verifier.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID + 1, null)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
	}

	@Test
	void aChangedFieldBreaksBothHashAndSignature() {
		String changed = TELEGRAM_SIGNED.replace("chat_type=private", "chat_type=group");

		assertThatThrownBy(() -> this.verifier.verify(changed, new ServingBot(BOT_ID, BOT_TOKEN)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
	}

	@Test
	void theSameDatumInAnotherOrderHasTheSameHash() {
		String reordered = "chat_type=private&" + TELEGRAM_SIGNED.replace("&chat_type=private", "");

		byte[] original = this.verifier.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID, BOT_TOKEN)).datumHash();
		byte[] again = this.verifier.verify(reordered, new ServingBot(BOT_ID, BOT_TOKEN)).datumHash();

		assertThat(again).isEqualTo(original);
	}

	@Test
	void dataOlderThanTheMaximumAgeIsRefused() {
		MiniAppDataVerifier later = verifierAt(AUTH_DATE.plus(Duration.ofMinutes(5)).plusSeconds(1));

		assertThatThrownBy(() -> later.verify(TELEGRAM_SIGNED, new ServingBot(BOT_ID, BOT_TOKEN)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
	}

	@Test
	void malformedDataIsABadRequest() {
		for (String malformed : List.of("not initData", "a=1&a=2&hash=00", "auth_date=%ZZ&hash=00", "=x&hash=00",
				"auth_date=1733509682&user=%7B%7D")) {
			assertThatThrownBy(() -> this.verifier.verify(malformed, new ServingBot(BOT_ID, BOT_TOKEN))).as(malformed)
				.isInstanceOfSatisfying(ApiException.class,
						ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
		}
	}

	@Test
	void eachHashIsCheckedUnderItsOwnBotsTokenWhateverCameBefore() {
		String tokenA = "1001:token-of-bot-a";
		String tokenB = "1002:token-of-bot-b";
		String forA = hashOnly(tokenA);
		String forB = hashOnly(tokenB);

		for (int round = 0; round < 2; round++) {
			assertThat(this.verifier.verify(forA, new ServingBot(1001, tokenA)).telegramId()).isEqualTo(42L);
			assertThatThrownBy(() -> this.verifier.verify(forA, new ServingBot(1001, tokenB))).isInstanceOfSatisfying(
					ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
			assertThat(this.verifier.verify(forB, new ServingBot(1002, tokenB)).telegramId()).isEqualTo(42L);
			assertThatThrownBy(() -> this.verifier.verify(forB, new ServingBot(1002, tokenA))).isInstanceOfSatisfying(
					ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
		}
	}

	/** initData with a hash and no signature, as older clients send it. */
	private static String hashOnly(String botToken) {
		String user = "{\"id\":42,\"first_name\":\"Hash\"}";
		String dataCheckString = "auth_date=" + AUTH_DATE.getEpochSecond() + "\nuser=" + user;
		byte[] key = TelegramData.hmacSha256(TelegramData.utf8("WebAppData"), TelegramData.utf8(botToken));
		String hash = HexFormat.of().formatHex(TelegramData.hmacSha256(key, TelegramData.utf8(dataCheckString)));
		return "auth_date=" + AUTH_DATE.getEpochSecond() + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
				+ "&hash=" + hash;
	}

	private static MiniAppDataVerifier verifierAt(Instant now) {
		return new MiniAppDataVerifier(new ExchangeProperties(Duration.ofMinutes(5), List.of(TELEGRAM_PRODUCTION_KEY)),
				Clock.fixed(now, ZoneOffset.UTC));
	}

}
