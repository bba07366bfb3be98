package dev.bondify.project;

import java.io.IOException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bondify.support.FreezingProxy;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.CacheProperties;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.TestChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The project cache over a change link of its own behind a loopback proxy: when the
 * link's backend freezes, a pause made on another instance (which the link never
 * delivers) is seen within a second, long before the link's socket gives up.
 */
class ProjectCacheFrozenLinkIntegrationTest extends IntegrationTest {

	private FreezingProxy proxy;

	private HikariDataSource linkPool;

	private ChangeNotifications link;

	@AfterEach
	void stop() throws IOException {
		if (this.link != null) {
			this.link.stop();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.linkPool != null) {
			this.linkPool.close();
		}
	}

	@Test
	void aPauseTheFrozenLinkNeverDeliversIsSeenWithinASecond() throws Exception {
		this.proxy = FreezingProxy.start();
		this.linkPool = this.proxy.dataSource();
		this.link = TestChangeNotifications.over(this.linkPool);
		this.link.start();
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		ProjectCache cache = new ProjectCache(this.projectRepository, this.link,
				new CacheProperties(100, 100, Duration.ofMinutes(5)));
		Project project = this.projects.sandbox();
		assertThat(cache.find(project.getId()).orElseThrow().isActive()).isTrue();
		assertThat(cache.find(project.getId()).orElseThrow().isActive()).isTrue();

		this.proxy.freeze(true);
		// Another instance pauses it: the notification goes to the frozen link.
		this.jdbc.update("update projects set is_active = false where id = ?", project.getId());
		long pausedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> !cache.find(project.getId()).orElseThrow().isActive());
		assertThat(Duration.ofNanos(System.nanoTime() - pausedAt))
			.as("a paused project answered as active over a frozen link")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(this.link.isListening()).as("the link itself is not yet given up").isTrue();
	}

}
