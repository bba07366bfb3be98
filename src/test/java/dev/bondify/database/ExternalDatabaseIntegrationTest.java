package dev.bondify.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.datasource.url} set, the service uses that database and starts no
 * embedded one.
 */
class ExternalDatabaseIntegrationTest extends IntegrationTest {

	@Autowired
	ObjectProvider<EmbeddedDatabase> embedded;

	@Autowired
	DataSource dataSource;

	@Test
	void configuredUrlIsUsedAndNoEmbeddedDatabaseStarts() {
		assertThat(this.embedded.getIfAvailable()).isNull();
		assertThat(((HikariDataSource) this.dataSource).getJdbcUrl()).isEqualTo(TestDatabase.get().url());
	}

}
