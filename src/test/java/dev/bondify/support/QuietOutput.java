package dev.bondify.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Like Spring Boot's {@code OutputCaptureExtension}, but what a test prints is held back
 * instead of copied to the console, and shown only when the test fails: the expected
 * "APPLICATION FAILED TO START" banner of a test that checks a refused start does not
 * bury the build's output, and a failure still shows everything.
 */
// Logback's console appender writes to whatever System.out is at each call, so swapping
// the streams also catches the log lines of an application started inside the test.
// Registered on a class, it also holds back what @BeforeAll/@AfterAll print (a second
// instance started for the class), shown when any test of the class failed.
public final class QuietOutput
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(QuietOutput.class);

	private static final String FAILED = "failed";

	@Override
	public void beforeAll(ExtensionContext context) {
		hold(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		boolean failed = context.getStore(NAMESPACE).remove(FAILED) != null;
		release(context, failed || context.getExecutionException().isPresent());
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		hold(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		boolean failed = context.getExecutionException().isPresent();
		if (failed) {
			context.getParent().ifPresent((parent) -> parent.getStore(NAMESPACE).put(FAILED, Boolean.TRUE));
		}
		release(context, failed);
	}

	private static void hold(ExtensionContext context) {
		Held held = new Held(System.out, System.err);
		context.getStore(NAMESPACE).put(Held.class, held);
		System.setOut(held.out);
		System.setErr(held.err);
	}

	private static void release(ExtensionContext context, boolean show) {
		Held held = context.getStore(NAMESPACE).remove(Held.class, Held.class);
		if (held == null) {
			return;
		}
		System.setOut(held.originalOut);
		System.setErr(held.originalErr);
		if (show) {
			held.originalOut.println("---- output held back during " + context.getDisplayName() + " ----");
			held.originalOut.print(held.getAll());
			held.originalOut.println("---- end of the output of " + context.getDisplayName() + " ----");
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == CapturedOutput.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getStore(NAMESPACE).get(Held.class, Held.class);
	}

	/** The held-back output of one test, and the streams to put back. */
	private static final class Held implements CapturedOutput {

		private final PrintStream originalOut;

		private final PrintStream originalErr;

		private final ByteArrayOutputStream all = new ByteArrayOutputStream();

		private final ByteArrayOutputStream outOnly = new ByteArrayOutputStream();

		private final ByteArrayOutputStream errOnly = new ByteArrayOutputStream();

		private final PrintStream out;

		private final PrintStream err;

		Held(PrintStream originalOut, PrintStream originalErr) {
			this.originalOut = originalOut;
			this.originalErr = originalErr;
			this.out = new PrintStream(new Tee(this.outOnly, this.all), true, StandardCharsets.UTF_8);
			this.err = new PrintStream(new Tee(this.errOnly, this.all), true, StandardCharsets.UTF_8);
		}

		@Override
		public String getAll() {
			synchronized (this.all) {
				return this.all.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String getOut() {
			synchronized (this.all) {
				return this.outOnly.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String getErr() {
			synchronized (this.all) {
				return this.errOnly.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public String toString() {
			return getAll();
		}

	}

	/** Writes to one stream of its own and to the shared one, under the shared lock. */
	private static final class Tee extends java.io.OutputStream {

		private final ByteArrayOutputStream own;

		private final ByteArrayOutputStream all;

		Tee(ByteArrayOutputStream own, ByteArrayOutputStream all) {
			this.own = own;
			this.all = all;
		}

		@Override
		public void write(int b) {
			synchronized (this.all) {
				this.own.write(b);
				this.all.write(b);
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			synchronized (this.all) {
				this.own.write(bytes, offset, length);
				this.all.write(bytes, offset, length);
			}
		}

	}

}
