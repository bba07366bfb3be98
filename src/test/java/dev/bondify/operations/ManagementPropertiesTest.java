package dev.bondify.operations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * When the management connector is added, and which settings are refused at start-up.
 */
class ManagementPropertiesTest {

	@Test
	void aPortOtherThanTheServersOrZeroAddsTheConnector() {
		assertThat(new ManagementProperties(8081, 4, null).enabled(8080)).isTrue();
		assertThat(new ManagementProperties(0, 4, null).enabled(8080)).isTrue();
		assertThat(new ManagementProperties(0, 4, null).enabled(0)).as("two random ports").isTrue();
	}

	@Test
	void minusOneOrTheServersOwnPortSwitchesItOff() {
		assertThat(new ManagementProperties(-1, 4, null).enabled(8080)).isFalse();
		assertThat(new ManagementProperties(8080, 4, null).enabled(8080)).isFalse();
	}

	@Test
	void impossiblePortsAndNoThreadsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ManagementProperties(-2, 4, null))
			.withMessageContaining("bondify.management.port");
		assertThatIllegalArgumentException().isThrownBy(() -> new ManagementProperties(65536, 4, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new ManagementProperties(8081, 0, null))
			.withMessageContaining("bondify.management.threads");
	}

}
