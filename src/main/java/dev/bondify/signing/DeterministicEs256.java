package dev.bondify.signing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

/**
 * ES256 signatures whose ECDSA nonce is derived from the private key and the message (RFC
 * 6979's HMAC-DRBG) instead of drawn at random: the same input signed with the same key
 * gives the same bytes on every instance, which is how a proof handed out again inside
 * the delivery grace window stays byte-identical, as HS256 proofs are. The JDK's own
 * ECDSA does the arithmetic; only its source of randomness is replaced.
 */
public final class DeterministicEs256 {

	private static final int SCALAR_BYTES = 32;

	private DeterministicEs256() {
	}

	/**
	 * @return the JWS signature ({@code R || S}, 64 bytes) of {@code signingInput}
	 */
	public static byte[] sign(ECKey key, byte[] signingInput) {
		try {
			ECPrivateKey privateKey = key.toECPrivateKey();
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(signingInput);
			Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
			signature.initSign(privateKey, new NonceSource(scalar(privateKey.getS()), digest));
			signature.update(signingInput);
			return signature.sign();
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalStateException("ES256 signing failed", ex);
		}
	}

	private static byte[] scalar(BigInteger s) {
		byte[] raw = s.toByteArray();
		byte[] fixed = new byte[SCALAR_BYTES];
		int length = Math.min(raw.length, SCALAR_BYTES);
		System.arraycopy(raw, raw.length - length, fixed, SCALAR_BYTES - length, length);
		return fixed;
	}

	/**
	 * HMAC_DRBG (SHA-256) of RFC 6979 §3.2, seeded with the private scalar and the
	 * message digest; the JDK reduces the bytes it draws to the nonce.
	 */
	private static final class NonceSource extends SecureRandom {

		private byte[] k = new byte[32];

		private byte[] v = new byte[32];

		private boolean drawn;

		NonceSource(byte[] scalar, byte[] digest) {
			super(new RefusingSpi(), null);
			Arrays.fill(this.v, (byte) 0x01);
			this.k = hmac(this.k, this.v, new byte[] { 0x00 }, scalar, digest);
			this.v = hmac(this.k, this.v);
			this.k = hmac(this.k, this.v, new byte[] { 0x01 }, scalar, digest);
			this.v = hmac(this.k, this.v);
		}

		@Override
		public void nextBytes(byte[] bytes) {
			if (this.drawn) {
				// A retry (the drawn nonce was unusable): step the generator first.
				this.k = hmac(this.k, this.v, new byte[] { 0x00 });
				this.v = hmac(this.k, this.v);
			}
			this.drawn = true;
			int filled = 0;
			while (filled < bytes.length) {
				this.v = hmac(this.k, this.v);
				int n = Math.min(this.v.length, bytes.length - filled);
				System.arraycopy(this.v, 0, bytes, filled, n);
				filled += n;
			}
		}

		private static byte[] hmac(byte[] key, byte[]... parts) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key, "HmacSHA256"));
				for (byte[] part : parts) {
					mac.update(part);
				}
				return mac.doFinal();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HmacSHA256 is not available", ex);
			}
		}

	}

	/** Never used: {@link NonceSource} overrides every path the signature takes. */
	private static final class RefusingSpi extends SecureRandomSpi {

		@Override
		protected void engineSetSeed(byte[] seed) {
		}

		@Override
		protected void engineNextBytes(byte[] bytes) {
			throw new IllegalStateException("Not a source of random bytes");
		}

		@Override
		protected byte[] engineGenerateSeed(int numBytes) {
			throw new IllegalStateException("Not a source of random bytes");
		}

	}

}
