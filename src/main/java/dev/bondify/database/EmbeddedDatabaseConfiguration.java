package dev.bondify.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import dev.bondify.system.SecureFiles;

/**
 * When {@code spring.datasource.url} is not set, runs PostgreSQL embedded in
 * {@code BONDIFY_DATA_DIR} and hands Spring Boot a pooled (HikariCP) data source on it.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(@Value("${bondify.data-dir}") Path dataDir) {
		Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
		restrictToOwner(dataDir);
		log.info("Starting embedded PostgreSQL in {}", directory);
		return EmbeddedDatabase.start(directory);
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedDatabase database) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(database.jdbcUrl())
			.username(database.username())
			.password(database.password())
			.build();
	}

	/** BONDIFY_DATA_DIR holds the cluster, its passwords and the encryption key: 0700. */
	private static void restrictToOwner(Path dataDir) {
		try {
			Files.createDirectories(dataDir);
			SecureFiles.restrictToOwner(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + dataDir.toAbsolutePath(), ex);
		}
	}

	/**
	 * Matches when {@code spring.datasource.url} is unset or blank.
	 * ({@code @ConditionalOnProperty} with {@code havingValue = ""} cannot say this: an
	 * empty value means "any value but false", so it matched an external URL too and
	 * started the embedded database anyway.)
	 */
	static final class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
