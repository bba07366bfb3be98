package dev.bondify.demo;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

import dev.bondify.database.EmbeddedDatabase;
import dev.bondify.sandbox.SandboxProperties;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.PublicUrl;
import dev.bondify.system.SecretSealer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * When the demo exists: by default only with the embedded database, never with the
 * sandbox off.
 */
class DemoProjectTest {

	private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

	private final SecretSealer sealer = mock(SecretSealer.class);

	@Test
	void unsetMeansOnWithTheEmbeddedDatabase() {
		assertThat(demo(null, true, true).isEnabled()).isTrue();
	}

	@Test
	void unsetMeansOffWithAnExternalDatabaseAndCreatesNothing() {
		DemoProject demo = demo(null, false, true);

		demo.run(null);

		assertThat(demo.isEnabled()).isFalse();
		verifyNoInteractions(this.jdbc);
		ApiException ex = catchThrowableOfType(ApiException.class, demo::requireEnabled);
		assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND);
	}

	@Test
	void explicitSettingWinsOverTheDatabaseKind() {
		assertThat(demo(true, false, true).isEnabled()).isTrue();
		assertThat(demo(false, true, true).isEnabled()).isFalse();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void firstStartLogsOnlyThePrefixOfTheNewKey(CapturedOutput output) {
		AtomicReference<String> key = new AtomicReference<>();
		AtomicReference<String> stored = new AtomicReference<>();
		given(this.sealer.sealText(anyString())).willAnswer(invocation -> {
			key.set(invocation.getArgument(0));
			return "sx1:sealed";
		});
		given(this.jdbc.update(anyString(), any(Object[].class))).willAnswer(invocation -> {
			stored.set(invocation.getArgument(3));
			return 1;
		});

		demo(true, true, true).run(null);

		assertThat(key.get()).startsWith("sk_test_").hasSizeGreaterThan(40);
		assertThat(stored.get()).as("stored sealed, never in clear").isEqualTo("sx1:sealed");
		assertThat(output.getOut()).contains(key.get().substring(0, 12) + "…")
			.contains("select secret_key from projects")
			.doesNotContain(key.get())
			.doesNotContain(key.get().substring(12));
	}

	@Test
	void disabledSandboxTurnsTheDemoOff() {
		assertThat(demo(true, true, false).isEnabled()).isFalse();
	}

	private DemoProject demo(Boolean enabled, boolean embedded, boolean sandbox) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (embedded) {
			beans.addBean("embeddedDatabase", mock(EmbeddedDatabase.class));
		}
		ObjectProvider<EmbeddedDatabase> provider = beans.getBeanProvider(EmbeddedDatabase.class);
		return new DemoProject(new DemoProperties(enabled), new SandboxProperties(sandbox), provider, this.jdbc,
				Clock.systemUTC(), new MockEnvironment(), new PublicUrl(""), this.sealer);
	}

}
