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

	/**
	 * How often the link is asked whether it is alive (a {@code select 1}); between
	 * heartbeats the listener waits for notifications.
	 */
	static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

	/**
	 * How long an answered heartbeat vouches for the link, counted from when it was SENT:
	 * its answer comes after every notification committed before it was sent, so a change
	 * is missed for at most this long whatever the link does (a frozen backend, a late
	 * answer, a starved listener thread).
	 */
	// A frozen backend (connection open, nothing answered) raised nothing for 6 s before
	// (2 s heartbeat, 5 s socket timeout) and served stale answers all that time. Then
	// the trust was counted from the answer, and the listener sat 2 s in
	// getNotifications(0) after each heartbeat (0 means "wait for one"): on an idle link
	// the trust lapsed for 1.5 s of every 2.25 s and the poll cache was bypassed most of
	// the time (the 04:42 profile). Now a lapse needs a round trip over 600 ms.
	static final long TRUST_NANOS = TimeUnit.MILLISECONDS.toNanos(750);

	private final DataSource dataSource;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong generation = new AtomicLong();

	private volatile boolean listening;

	/**
	 * Until when (nanoTime) memory may be trusted: when the last answered heartbeat was
	 * sent, plus {@link #TRUST_NANOS}.
	 */
	private volatile long trustedUntil;

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
	 * True while a heartbeat sent within the last 750 ms has been answered (and every
	 * notification that came before its answer handed over): only then may a cached state
	 * be answered. A frozen backend turns this false within that time, long before the
	 * socket gives up.
	 */
	public boolean isCurrent() {
		return this.listening && this.trustedUntil - System.nanoTime() > 0;
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
		long sentAt = System.nanoTime();
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		PGConnection pg = connection.unwrap(PGConnection.class);
		this.backendPid = pg.getBackendPID();
		// Anything cached before LISTEN took effect may predate a change we never hear
		// of.
		this.generation.incrementAndGet();
		this.subscribers.forEach(Subscriber::reset);
		// The trust before the flag: isCurrent never reads a previous connection's.
		this.trustedUntil = sentAt + TRUST_NANOS;
		this.listening = true;
		log.info("Listening for change notifications");
		while (this.running) {
			awaitNotifications(pg, sentAt + HEARTBEAT_NANOS);
			// A silently dead link delivers nothing and raises nothing: ask. The answer
			// comes after every notification committed before the question was sent.
			sentAt = System.nanoTime();
			try (Statement statement = connection.createStatement()) {
				statement.execute("select 1");
			}
			// Trusted again only after the notifications that came with the answer (those
			// queued during a stall too: the server keeps them for this session, so a
			// stall that ends on the same connection missed nothing; a new connection
			// resets instead) were handed over. getNotifications() does not wait.
			deliver(pg.getNotifications());
			this.trustedUntil = sentAt + TRUST_NANOS;
		}
	}

	/**
	 * Hands over notifications as they come until the next heartbeat is due (nanoTime).
	 */
	private void awaitNotifications(PGConnection pg, long due) throws SQLException {
		long millis;
		// getNotifications(0) would block until a notification or the socket timeout:
		// only positive waits.
		while (this.running && (millis = TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())) > 0) {
			deliver(pg.getNotifications((int) millis));
		}
	}

	private void deliver(PGNotification[] notifications) {
		if (notifications == null) {
			return;
		}
		for (PGNotification notification : notifications) {
			this.generation.incrementAndGet();
			for (Subscriber subscriber : this.subscribers) {
				hand(subscriber, notification.getParameter());
			}
		}
	}

	// A payload a subscriber cannot read (sent by hand, or by another version) says that
	// something changed without saying what: that subscriber forgets everything, and
	// the link stays up for the others.
	private static void hand(Subscriber subscriber, String payload) {
		try {
			subscriber.changed(payload);
		}
		catch (RuntimeException ex) {
			log.warn("Unreadable change notification ({}); {} forgets what it held", ex.getClass().getSimpleName(),
					subscriber.getClass().getSimpleName());
			subscriber.reset();
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
