package dev.bondify.telegram;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.bondify.support.ApiClient;

/**
 * Update JSON shaped exactly like Telegram's (private and group chats,
 * {@code bot_command} entities, callback queries with their message, shared contacts),
 * with update ids unique across the test JVM.
 */
public final class TelegramUpdates {

	private static final AtomicLong UPDATE_IDS = new AtomicLong(
			ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000L));

	private static final AtomicLong USER_IDS = new AtomicLong(
			ThreadLocalRandom.current().nextLong(1_000_000, 5_000_000_000L));

	private static final AtomicLong MESSAGE_IDS = new AtomicLong(10);

	private TelegramUpdates() {
	}

	/** One update: its id and its JSON body. */
	public record TelegramUpdate(long updateId, String json) {
	}

	/** A fresh Telegram user id no other test uses. */
	public static long newUserId() {
		return USER_IDS.addAndGet(ThreadLocalRandom.current().nextLong(1, 1000));
	}

	public static TelegramUpdate start(long userId, String token, String languageCode) {
		return text(userId, "/start " + token, languageCode, privateChat(userId));
	}

	/** {@code /start <token>} sent in a group the bot is a member of. */
	static TelegramUpdate startInGroup(long userId, String token) {
		Map<String, Object> chat = new LinkedHashMap<>();
		chat.put("id", -1001234567890L);
		chat.put("title", "Some group");
		chat.put("type", "supergroup");
		return text(userId, "/start " + token, "en", chat);
	}

	public static TelegramUpdate text(long userId, String text, String languageCode) {
		return text(userId, text, languageCode, privateChat(userId));
	}

	private static TelegramUpdate text(long userId, String text, String languageCode, Map<String, Object> chat) {
		Map<String, Object> message = message(userId, languageCode, chat);
		message.put("text", text);
		if (text.startsWith("/")) {
			int length = text.contains(" ") ? text.indexOf(' ') : text.length();
			message.put("entities", List.of(Map.of("offset", 0, "length", length, "type", "bot_command")));
		}
		return update("message", message);
	}

	/**
	 * The user shares a contact; {@code contactUserId} is the contact's Telegram user
	 * (null for a non-user).
	 */
	public static TelegramUpdate contact(long userId, Long contactUserId, String phone) {
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("phone_number", phone);
		contact.put("first_name", "Alex");
		contact.put("last_name", "Johnson");
		if (contactUserId != null) {
			contact.put("user_id", contactUserId);
		}
		Map<String, Object> message = message(userId, "en", privateChat(userId));
		message.put("contact", contact);
		return update("message", message);
	}

	/**
	 * A tap on an inline button of the bot's message {@code messageId} in the user's
	 * private chat.
	 */
	public static TelegramUpdate callback(long userId, long chatId, int messageId, String data, String languageCode) {
		Map<String, Object> botMessage = new LinkedHashMap<>();
		botMessage.put("message_id", messageId);
		botMessage.put("from",
				Map.of("id", 123456, "is_bot", true, "first_name", "Bondify", "username", "bondify_test_bot"));
		botMessage.put("chat", privateChat(chatId));
		botMessage.put("date", Instant.now().getEpochSecond() - 5);
		botMessage.put("text", "🔐 Sign-in request for Test App");
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("id", Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)));
		query.put("from", user(userId, languageCode));
		query.put("message", botMessage);
		query.put("chat_instance", "-7133423445455");
		query.put("data", data);
		return update("callback_query", query);
	}

	/**
	 * A tap on a button with no {@code message} (as for inline-mode messages, or a forged
	 * update).
	 */
	static TelegramUpdate callbackWithoutMessage(long userId, String data) {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("id", Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)));
		query.put("from", user(userId, "en"));
		query.put("inline_message_id", "AgAAAKx3AQB");
		query.put("chat_instance", "-7133423445455");
		query.put("data", data);
		return update("callback_query", query);
	}

	private static TelegramUpdate update(String kind, Map<String, Object> payload) {
		long updateId = UPDATE_IDS.incrementAndGet();
		Map<String, Object> update = new LinkedHashMap<>();
		update.put("update_id", updateId);
		update.put(kind, payload);
		return new TelegramUpdate(updateId, ApiClient.json(update));
	}

	private static Map<String, Object> message(long userId, String languageCode, Map<String, Object> chat) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("message_id", MESSAGE_IDS.incrementAndGet());
		message.put("from", user(userId, languageCode));
		message.put("chat", chat);
		message.put("date", Instant.now().getEpochSecond());
		return message;
	}

	static Map<String, Object> user(long userId, String languageCode) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", userId);
		user.put("is_bot", false);
		user.put("first_name", "Alex");
		user.put("last_name", "Johnson");
		user.put("username", "alexj" + userId);
		if (languageCode != null) {
			user.put("language_code", languageCode);
		}
		return user;
	}

	private static Map<String, Object> privateChat(long userId) {
		Map<String, Object> chat = new LinkedHashMap<>();
		chat.put("id", userId);
		chat.put("first_name", "Alex");
		chat.put("last_name", "Johnson");
		chat.put("username", "alexj" + userId);
		chat.put("type", "private");
		return chat;
	}

}
