package dev.bondify.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings the connection pool back within a second of PostgreSQL's return after an outage:
 * while requests fail for an unreachable database it probes the server every 100 ms, and
 * once the server answers it wakes HikariCP's connection adder from its back-off. The
 * probe has a thread of its own: on the shared scheduler it waited behind jobs that were
 * themselves waiting for the database, and the first 200 came 3.4 s after the return.
 */
// HikariCP retries a failed connect after a back-off that doubles up to 5 s and cannot be
// configured, so the first 200 came 4-5 s after the database was back. Interrupting the
// adder ends its sleeping task (HikariCP stops creating when interrupted); the next
// borrow starts a new one with a 10 ms back-off. The probe is one plain JDBC connect
// outside the pool, made only during an outage.
@Component
class PoolRecovery implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PoolRecovery.class);

	/** How long after the last "database unavailable" answer the probe keeps going. */
	private static final long OUTAGE_NANOS = TimeUnit.MINUTES.toNanos(5);

	private static final long PERIOD_MILLIS = 100;

	private final DataSource dataSource;

	private volatile ScheduledExecutorService probe;

	PoolRecovery(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public synchronized void start() {
		if (this.probe == null) {
			this.probe = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pool-recovery").daemon(true).factory());
			this.probe.scheduleWithFixedDelay(this::wakeThePoolWhenTheDatabaseIsBack, PERIOD_MILLIS, PERIOD_MILLIS,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.probe != null) {
			this.probe.shutdownNow();
			this.probe = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.probe != null;
	}

	void wakeThePoolWhenTheDatabaseIsBack() {
		if (!DatabaseFailures.unavailableWithin(OUTAGE_NANOS)) {
			return;
		}
		try {
			if (!this.dataSource.isWrapperFor(HikariDataSource.class)) {
				return;
			}
			HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);
			HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
			if (pool == null || pool.getTotalConnections() > 0 || !answers(hikari)) {
				return;
			}
			String adder = hikari.getPoolName() + ":connection-adder";
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				if (thread.getName().equals(adder)) {
					log.info("PostgreSQL answers again: waking the connection pool");
					thread.interrupt();
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("Pool recovery probe failed", ex);
		}
	}

	private static boolean answers(HikariDataSource hikari) {
		Properties properties = new Properties();
		properties.putAll(hikari.getDataSourceProperties());
		if (hikari.getUsername() != null) {
			properties.setProperty("user", hikari.getUsername());
		}
		if (hikari.getPassword() != null) {
			properties.setProperty("password", hikari.getPassword());
		}
		properties.setProperty("connectTimeout", "1");
		properties.setProperty("socketTimeout", "1");
		properties.setProperty("ApplicationName", "bondify-recovery-probe");
		try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties)) {
			return connection.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
