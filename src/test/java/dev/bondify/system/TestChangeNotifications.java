package dev.bondify.system;

import javax.sql.DataSource;

/**
 * A change-notification link of its own for tests of other packages (e.g. over a freezing
 * proxy); the caller starts and stops it.
 */
public final class TestChangeNotifications {

	private TestChangeNotifications() {
	}

	/**
	 * A link that listens through the given pool's database.
	 * @param dataSource where the listening connection comes from
	 * @return the link, not started
	 */
	public static ChangeNotifications over(DataSource dataSource) {
		return new ChangeNotifications(dataSource);
	}

}
