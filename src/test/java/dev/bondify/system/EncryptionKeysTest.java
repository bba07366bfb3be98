package dev.bondify.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the encryption key comes from: never the database. A generated key goes to a 0600
 * file in the data directory (embedded); an earlier release's key in {@code app_secrets}
 * moves there unchanged (embedded) or keeps working with a warning until rotated away
 * (external); an external database without a key stops start-up in one sentence.
 */
class EncryptionKeysTest {

	private static final String KEY = "configured-key-0123456789-0123456789-0123";

	private static final String TOKEN = "5123456789:AAHsecretTokenValue_x-1234567890";

	@TempDir
	Path dataDir;

	private static final String DATABASE = "keys_" + UUID.randomUUID().toString().replace("-", "");

	private static JdbcTemplate server;

	private static JdbcTemplate jdbcOfScratch;

	private final JdbcTemplate jdbc = jdbcOfScratch;

	@BeforeAll
	static void createDatabase() {
		TestDatabase.Connection db = TestDatabase.get();
		server = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
		server.execute("create database " + DATABASE);
		jdbcOfScratch = new JdbcTemplate(
				new DriverManagerDataSource(db.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + DATABASE),
						db.username(), db.password()));
		jdbcOfScratch.execute("create table app_secrets (name text primary key, value bytea not null, created_at"
				+ " timestamptz not null)");
		jdbcOfScratch.execute("create table projects (id text primary key, secret_key text, bot_token_sealed bytea)");
	}

	@BeforeEach
	void emptyTables() {
		this.jdbc.execute("truncate app_secrets, projects");
	}

	@AfterAll
	static void dropDatabase() {
		server.execute("drop database if exists " + DATABASE + " with (force)");
	}

	@Test
	void embeddedGeneratesAKeyFileOnlyTheOwnerReadsAndKeepsIt() throws Exception {
		Path file = this.dataDir.resolve("encryption.key");
		byte[] sealed = sealer(keys(null, file, true)).seal(TOKEN);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
		assertThat(this.jdbc.queryForObject("select count(*) from app_secrets", Long.class)).isZero();
		assertThat(sealer(keys(null, file, true)).open(sealed)).contains(TOKEN);
	}

	@Test
	void embeddedMovesAnEarlierReleasesKeyOutOfTheDatabaseUnchanged() throws Exception {
		byte[] legacy = storeLegacyKey();
		byte[] sealedByEarlierRelease = sealerWithRawKey(legacy).seal(TOKEN);
		Path file = this.dataDir.resolve("encryption.key");

		SecretSealer sealer = sealer(keys(null, file, true));

		assertThat(sealer.open(sealedByEarlierRelease)).contains(TOKEN);
		assertThat(sealer.isCurrent(sealedByEarlierRelease)).isTrue();
		assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).isEqualTo(legacy);
		assertThat(this.jdbc.queryForObject("select count(*) from app_secrets", Long.class)).isZero();
	}

	@Test
	void externalWithAKeyFileGeneratesItOnceAndEveryInstanceReadsTheSame() {
		Path file = this.dataDir.resolve("shared/encryption.key");
		byte[] sealed = sealer(keys(null, file, false)).seal(TOKEN);

		assertThat(file).exists();
		assertThat(sealer(keys(null, file, false)).open(sealed)).contains(TOKEN);
	}

	@Test
	void externalWithoutAnyKeyStopsStartUpInOneSentence() {
		assertThatThrownBy(() -> sealer(keys(null, null, false)).seal(TOKEN))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("With an external PostgreSQL, set BONDIFY_ENCRYPTION_KEY")
			.hasMessageEndingWith("never kept in the database.");
	}

	@Test
	void externalWithSealedSecretsButNoKeySaysTheKeyMustBeTheOldOne() {
		this.jdbc.update("insert into projects values ('proj_a', 'sx1:AAAA', null)");

		assertThatThrownBy(() -> sealer(keys(null, null, false)).seal(TOKEN))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("must be the key that encrypted the secrets already stored");
	}

	@Test
	void externalKeepsAnEarlierReleasesKeyWorkingUntilARotationMovesAway() {
		byte[] legacy = storeLegacyKey();
		byte[] sealedByEarlierRelease = sealerWithRawKey(legacy).seal(TOKEN);

		SecretSealer stillLegacy = sealer(keys(null, null, false));
		assertThat(stillLegacy.isCurrent(sealedByEarlierRelease)).isTrue();
		assertThat(stillLegacy.forgetKeyStoredInDatabase()).as("never deletes the key in use").isFalse();

		SecretSealer configured = sealer(keys(KEY, null, false));
		assertThat(configured.open(sealedByEarlierRelease)).as("the database key is a retired key now").contains(TOKEN);
		assertThat(configured.isCurrent(sealedByEarlierRelease)).isFalse();
		assertThat(configured.forgetKeyStoredInDatabase()).isTrue();
		assertThat(this.jdbc.queryForObject("select count(*) from app_secrets", Long.class)).isZero();
	}

	@Test
	void missingKeyFileWithSecretsStoredStopsInsteadOfGeneratingAnother() {
		this.jdbc.update("insert into projects values ('proj_a', 'sx1:AAAA', null)");

		assertThatThrownBy(() -> sealer(keys(null, this.dataDir.resolve("encryption.key"), true)).seal(TOKEN))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("is missing: restore it from your backup");
		assertThat(this.dataDir.resolve("encryption.key")).doesNotExist();
	}

	@Test
	void retiredKeysFromTheListOpenOldValues() {
		String old = "old-key-0123456789-0123456789-0123456789";
		byte[] underOld = sealer(keys(old, null, false)).seal(TOKEN);

		SecretSealer rotated = sealer(new EncryptionKeys(
				new EncryptionProperties(KEY, null, null, List.of("other-0123456789-0123456789-0123456789", old)),
				this.jdbc, null, false));

		assertThat(rotated.open(underOld)).contains(TOKEN);
		assertThat(rotated.isCurrent(underOld)).isFalse();
		assertThat(rotated.keyCount()).isEqualTo(3);
	}

	private EncryptionKeys keys(String key, Path file, boolean embedded) {
		return new EncryptionKeys(EncryptionProperties.of(key, null), this.jdbc, file, embedded);
	}

	private static SecretSealer sealer(EncryptionKeys keys) {
		return new SecretSealer(keys);
	}

	private byte[] storeLegacyKey() {
		byte[] legacy = new byte[32];
		new java.security.SecureRandom().nextBytes(legacy);
		this.jdbc.update("insert into app_secrets values ('encryption-key', ?, now())", (Object) legacy);
		return legacy;
	}

	/** A sealer on a raw key, the way an earlier release used its generated key. */
	private SecretSealer sealerWithRawKey(byte[] raw) {
		return new SecretSealer(new EncryptionKeys(EncryptionProperties.of(null, null), null, null, false) {
			@Override
			List<byte[]> load() {
				return List.of(raw);
			}
		});
	}

}
