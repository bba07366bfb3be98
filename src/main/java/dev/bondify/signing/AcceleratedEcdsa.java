package dev.bondify.signing;

import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ES256 ({@code SHA256withECDSA}) signatures by AWS-LC, through the Amazon Corretto
 * Crypto Provider, where its native library runs (Linux on x86-64): several times faster
 * than the JDK's own ECDSA on our machines, and every token endpoint answer carries two
 * such signatures. Only signing with that one algorithm is routed there, JVM-wide, by a
 * provider of our own placed first that offers nothing else: verification (of anything,
 * TLS handshakes included) and every other algorithm (the deterministic proofs'
 * {@code SHA256withECDSAinP1363Format}, AES-GCM, SHA-256, HMAC, random numbers) stay with
 * the JDK. Where the library cannot load (another platform, a temporary directory it
 * cannot use), or when {@code BONDIFY_SIGNING_ACCELERATED=false}, nothing changes and the
 * JDK signs.
 */
public final class AcceleratedEcdsa {

	/** The algorithm routed to AWS-LC. */
	public static final String ALGORITHM = "SHA256withECDSA";

	/** The name of the provider that offers it. */
	public static final String PROVIDER = "BondifyAcceleratedEcdsa";

	private static final Logger log = LoggerFactory.getLogger(AcceleratedEcdsa.class);

	private AcceleratedEcdsa() {
	}

	/**
	 * Places the provider first if the native library is healthy (once per JVM while it
	 * stays in place; a failed attempt is tried again by the next call).
	 * @return whether ES256 is signed by AWS-LC from now on
	 */
	public static synchronized boolean install() {
		if (Security.getProvider(PROVIDER) != null) {
			return true;
		}
		Provider.Service service;
		try {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			if (accp.getLoadingError() != null) {
				log.info("ES256 signatures use the JDK's ECDSA: the Amazon Corretto Crypto Provider did not load ({})",
						accp.getLoadingError().toString());
				return false;
			}
			accp.assertHealthy();
			service = accp.getService("Signature", ALGORITHM);
		}
		catch (RuntimeException | LinkageError ex) {
			log.info(
					"ES256 signatures use the JDK's ECDSA: the Amazon Corretto Crypto Provider is not usable here ({})",
					ex.toString());
			return false;
		}
		if (service == null) {
			log.info("ES256 signatures use the JDK's ECDSA: the Amazon Corretto Crypto Provider offers no {}",
					ALGORITHM);
			return false;
		}
		Security.insertProviderAt(new Narrow(service), 1);
		log.info("ES256 signatures use AWS-LC (Amazon Corretto Crypto Provider {})",
				service.getProvider().getVersionStr());
		return true;
	}

	/** Whether the provider is in place. */
	public static boolean installed() {
		return Security.getProvider(PROVIDER) != null;
	}

	/** Removes the provider again (tests). */
	static synchronized void uninstall() {
		Security.removeProvider(PROVIDER);
	}

	/** A provider offering exactly one service: another provider's. */
	private static final class Narrow extends Provider {

		private static final long serialVersionUID = 1L;

		Narrow(Provider.Service delegate) {
			super(PROVIDER, "1", ALGORITHM + " of " + delegate.getProvider().getName());
			putService(new Delegating(this, delegate));
		}

	}

	private static final class Delegating extends Provider.Service {

		private final Provider.Service delegate;

		Delegating(Provider provider, Provider.Service delegate) {
			super(provider, delegate.getType(), delegate.getAlgorithm(), delegate.getClassName(), List.of(), Map.of());
			this.delegate = delegate;
		}

		@Override
		public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
			return this.delegate.newInstance(constructorParameter);
		}

		/**
		 * Private keys only: a signature is made here, while every check (of tokens,
		 * certificates, TLS handshakes: input from elsewhere) stays with the JDK, which
		 * then picks its own provider.
		 */
		@Override
		public boolean supportsParameter(Object parameter) {
			return parameter instanceof PrivateKey && this.delegate.supportsParameter(parameter);
		}

	}

}
