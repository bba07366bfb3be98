package dev.bondify.system;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.bondify.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How 503s for an unreachable database are logged: one line at the start of each outage,
 * one summary a minute while it lasts, and the rest of an ended outage with the time it
 * really covered. Driven by a movable clock, read through a captured logger.
 */
class DatabaseFailuresOutageLogTest {

	private static final Exception DOWN = new SQLTransientConnectionException("Connection is not available");

	private final MutableClock clock = new MutableClock();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private Logger logger;

	private DatabaseFailures.OutageLog outages;

	@BeforeEach
	void capture() {
		this.clock.set(Instant.parse("2026-12-01T12:00:00Z"));
		this.logger = (Logger) LoggerFactory.getLogger(DatabaseFailuresOutageLogTest.class.getName() + ".outages");
		this.logger.setLevel(Level.INFO);
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.outages = new DatabaseFailures.OutageLog(() -> this.clock.millis() * 1_000_000L, this.logger);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void firstFailureIsLoggedTheNextOnesOnlyCounted() {
		this.outages.failed(DOWN);
		for (int i = 0; i < 10; i++) {
			after(Duration.ofSeconds(1));
		}
		assertThat(lines()).containsExactly("Database unavailable, answering 503: Connection is not available");
	}

	@Test
	void aLastingOutageIsSummedUpOnceAMinute() {
		this.outages.failed(DOWN);
		for (int i = 0; i < 6; i++) {
			after(Duration.ofSeconds(10));
		}
		assertThat(lines()).containsExactly("Database unavailable, answering 503: Connection is not available",
				"Database unavailable, answering 503: Connection is not available (5 more 503s in the last 60 s)");
	}

	@Test
	void anOutageAfterAQuietIntervalGetsItsOwnFirstLineAndTheEarlierCountItsRealSpan() {
		// A blip: three failures over 20 s, then the database answers again.
		this.outages.failed(DOWN);
		after(Duration.ofSeconds(10));
		after(Duration.ofSeconds(10));
		// Two hours later a real outage starts.
		after(Duration.ofHours(2));
		assertThat(lines()).containsExactly("Database unavailable, answering 503: Connection is not available",
				"Database was unavailable: 2 more 503s in the 20 s up to 7200 s ago",
				"Database unavailable, answering 503: Connection is not available");
	}

	@Test
	void aNewOutageStartsAMinuteAfterTheLastFailureNotAfterTheLastLine() {
		this.outages.failed(DOWN);
		after(Duration.ofSeconds(20));
		after(Duration.ofSeconds(59));
		after(Duration.ofSeconds(59));
		assertThat(lines()).as("failures 59 s apart: one outage, summed up a minute after its first line")
			.containsExactly("Database unavailable, answering 503: Connection is not available",
					"Database unavailable, answering 503: Connection is not available (1 more 503s in the last 79 s)");
		after(Duration.ofSeconds(60));
		assertThat(lines()).hasSize(4)
			.endsWith("Database was unavailable: 1 more 503s in the 59 s up to 60 s ago",
					"Database unavailable, answering 503: Connection is not available");
	}

	@Test
	void anOutageWithNothingUnreportedStartsWithoutASummary() {
		this.outages.failed(DOWN);
		after(Duration.ofMinutes(5));
		assertThat(lines()).containsExactly("Database unavailable, answering 503: Connection is not available",
				"Database unavailable, answering 503: Connection is not available");
	}

	private void after(Duration duration) {
		this.clock.advance(duration);
		this.outages.failed(DOWN);
	}

	private List<String> lines() {
		assertThat(this.appender.list).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
		});
		return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
