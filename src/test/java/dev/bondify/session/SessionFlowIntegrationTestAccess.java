package dev.bondify.session;

import java.util.Map;

/**
 * Lets tests of other packages check a proof with the independent HS256 check of
 * {@link SessionFlowIntegrationTest}.
 */
public final class SessionFlowIntegrationTestAccess {

	private SessionFlowIntegrationTestAccess() {
	}

	public static Map<String, Object> verifyHs256(String jws, String secretKey) throws Exception {
		return SessionFlowIntegrationTest.verifyHs256(jws, secretKey);
	}

}
