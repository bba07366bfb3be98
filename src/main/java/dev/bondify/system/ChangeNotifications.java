package dev.bondify.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL channel {@code bondify_changes} over one dedicated connection
 * (outside the pool) and hands every committed change to the in-memory caches and long
 * polls of this instance; tells them when the connection is lost, so they stop trusting
 * memory until it is back.
 */
@Component
public class ChangeNotifications implements SmartLifecycle {

	static final String CHANNEL = "bondify_changes";

	private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

	private static final int POLL_MILLIS = 250;

	/**
	 * How long a heartbeat answer vouches for the link: a link that has not answered for
	 * this long is treated as lost (the caches are bypassed) even while its socket waits.
	 */
	// A frozen backend (connection open, nothing answered) raised nothing for 6 s before
	// (2 s heartbeat, 5 s socket timeout) and served stale answers all that time. A
	// heartbeat every poll (250 ms) keeps a live link vouched for; 750 ms without one
	// ends the trust: a change is missed for at most 0.75 s plus one poll.
	static final long TRUST_NANOS = TimeUnit.MILLISECONDS.toNanos(750);

	private final DataSource dataSource;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong generation = new AtomicLong();

	private volatile boolean listening;

	/** When the link last proved alive (a heartbeat answered), in nanoTime. */
	private volatile long confirmedAt;

	private volatile boolean running;

	private volatile int backendPid;

	private volatile Thread thread;

	ChangeNotifications(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Receives the payloads of committed changes, and connection state changes. */
	public interface Subscriber {

		/** A change was committed; {@code payload} is e.g. {@code s<hex token hash>}. */
		void changed(String payload);

		/**
		 * Notifications may have been missed (the connection was lost or has just been
		 * (re)established): forget everything learned from the database before.
		 */
		void reset();

	}

	public void subscribe(Subscriber subscriber) {
		this.subscribers.add(subscriber);
	}

	/**
	 * True while the connection is up and listening: long polls may be held (a change
	 * wakes them; a lost connection answers them).
	 */
	public boolean isListening() {
		return this.listening;
	}

	/**
	 * True while the link has proved alive within the last 750 ms: only then may a cached
	 * state be answered. A frozen backend turns this false within that time, long before
	 * the socket gives up.
	 */
	public boolean isCurrent() {
		return this.listening && System.nanoTime() - this.confirmedAt < TRUST_NANOS;
	}

	/**
	 * A counter that moves on every notification and connection change. A cache reads it
	 * before loading from the database, stores, then reads it again: if it moved, the
	 * stored value may predate a change and is dropped.
	 */
	public long generation() {
		return this.generation.get();
	}

	/**
	 * Moves the generation for a change this instance made itself and drops right after
	 * its commit, without waiting for its own notification.
	 */
	public void changedHere(String payload) {
		this.generation.incrementAndGet();
		for (Subscriber subscriber : this.subscribers) {
			subscriber.changed(payload);
		}
	}

	/** The PostgreSQL backend pid of the listening connection, 0 when there is none. */
	public int backendPid() {
		return this.listening ? this.backendPid : 0;
	}

	@Override
	public void start() {
		this.running = true;
		Thread listener = new Thread(this::run, "bondify-change-notifications");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listener = this.thread;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try (Connection connection = connect()) {
				listen(connection);
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running && this.listening) {
					log.warn(
							"Lost the change notification connection ({}); in-memory caches are bypassed until it is back",
							ex.getClass().getSimpleName());
				}
			}
			finally {
				lost();
			}
			pause(500);
		}
	}

	private void listen(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		PGConnection pg = connection.unwrap(PGConnection.class);
		this.backendPid = pg.getBackendPID();
		// Anything cached before LISTEN took effect may predate a change we never hear
		// of.
		this.generation.incrementAndGet();
		this.subscribers.forEach(Subscriber::reset);
		this.listening = true;
		log.info("Listening for change notifications");
		this.confirmedAt = System.nanoTime();
		while (this.running) {
			deliver(pg.getNotifications(POLL_MILLIS));
			// A silently dead link delivers nothing and raises nothing; ask every poll.
			// The answer comes after every notification sent before it.
			try (Statement statement = connection.createStatement()) {
				statement.execute("select 1");
			}
			// Trusted again only after the notifications queued during a stall were
			// handed over: the server keeps them for this session, so a stall that ends
			// on the same connection missed nothing (a new connection resets instead).
			deliver(pg.getNotifications(0));
			this.confirmedAt = System.nanoTime();
		}
	}

	private void deliver(PGNotification[] notifications) {
		if (notifications == null) {
			return;
		}
		for (PGNotification notification : notifications) {
			this.generation.incrementAndGet();
			for (Subscriber subscriber : this.subscribers) {
				subscriber.changed(notification.getParameter());
			}
		}
	}

	private void lost() {
		boolean wasListening = this.listening;
		this.listening = false;
		this.generation.incrementAndGet();
		if (wasListening) {
			this.subscribers.forEach(Subscriber::reset);
		}
	}

	private Connection connect() throws SQLException {
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);
			Properties properties = new Properties();
			properties.putAll(hikari.getDataSourceProperties());
			if (hikari.getUsername() != null) {
				properties.setProperty("user", hikari.getUsername());
			}
			if (hikari.getPassword() != null) {
				properties.setProperty("password", hikari.getPassword());
			}
			properties.setProperty("tcpKeepAlive", "true");
			// A half-open link (an idle drop by a NAT or firewall, a failover) is
			// distrusted after TRUST_NANOS and dropped when a heartbeat has waited 2 s,
			// not after the kernel's ~15 min of retransmits.
			properties.setProperty("socketTimeout", "2");
			properties.setProperty("connectTimeout", "5");
			properties.setProperty("ApplicationName", "bondify-notifications");
			Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
			connection.setAutoCommit(true);
			return connection;
		}
		// Not a pool we can copy settings from: keep one of its connections for good.
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(true);
		return connection;
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
