// A real Spring Boot relying party in a real browser: docs/examples/spring-boot (Spring Security's oauth2Login with
// nothing but issuer-uri, client id and secret) runs as its own JVM, headless Chromium opens it, is sent to our
// sign-in page, the user confirms on the sandbox page, and the browser lands back on the app's page with the name.
// Needs BASE_URL (a running Bondify with the sandbox on) and SPRING_RP_JAR (the example's built jar); e2e/run.sh
// provides both. Screenshots go to SCREENSHOT_DIR as spring-rp-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { answerOnSandbox, createOidcProject, launchBrowser, registerDeveloper, DESKTOP, PHONE } from './oidc-helpers.mjs';

const BASE_URL = process.env.BASE_URL;
const RP_JAR = process.env.SPRING_RP_JAR;
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || '../target/e2e');
const START_DEADLINE_MS = 90_000;
assert.ok(BASE_URL, 'BASE_URL must point at a running Bondify');
assert.ok(RP_JAR, 'SPRING_RP_JAR must name the built docs/examples/spring-boot jar');
mkdirSync(SCREENSHOTS, { recursive: true });

let browser;
let app;
let appUrl;
let project;

function freePort() {
	return new Promise((done, fail) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => done(port));
		}).on('error', fail);
	});
}

/** Polls the app until it answers (it discovers the provider at start-up) or the deadline passes. */
async function awaitApp(url) {
	const deadline = Date.now() + START_DEADLINE_MS;
	for (;;) {
		assert.equal(app.exitCode, null, 'the Spring Boot example exited during start-up; see target/e2e/spring-rp.log');
		try {
			const response = await fetch(url, { redirect: 'manual' });
			return response.status;
		}
		catch {
			assert.ok(Date.now() < deadline, `the Spring Boot example did not answer within ${START_DEADLINE_MS} ms`);
			await new Promise((done) => setTimeout(done, 250));
		}
	}
}

before(async () => {
	const port = await freePort();
	// localhost, not 127.0.0.1: cookies are per host, not per port, and the app's session cookie (which holds the
	// authorization request) must not share a jar with the provider's pages on 127.0.0.1.
	appUrl = `http://localhost:${port}`;
	const token = await registerDeveloper(BASE_URL, 'spring-rp');
	project = await createOidcProject(BASE_URL, token,
		{ name: 'Spring RP', redirect_uris: [appUrl + '/login/oauth2/code/bondify'] });
	mkdirSync(SCREENSHOTS, { recursive: true });
	const log = createWriteStream(join(SCREENSHOTS, 'spring-rp.log'));
	app = spawn(process.env.JAVA || 'java', ['-jar', RP_JAR], {
		env: { PATH: process.env.PATH, SERVER_PORT: String(port), BONDIFY_ISSUER: BASE_URL,
			BONDIFY_CLIENT_ID: project.id, BONDIFY_CLIENT_SECRET: project.secret_key },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	app.stdout.pipe(log);
	app.stderr.pipe(log);
	// Not signed in: the app sends the browser to its login route first.
	assert.equal(await awaitApp(appUrl + '/'), 302);
	browser = await launchBrowser('spring-rp');
});

after(async () => {
	await browser?.close();
	if (app && app.exitCode === null) {
		const exited = new Promise((done) => app.once('exit', done));
		app.kill('SIGTERM');
		await exited;
	}
});

async function shoot(page, name) {
	await page.screenshot({ path: join(SCREENSHOTS, `spring-rp-${name}.png`), fullPage: true });
	await page.setViewportSize(PHONE);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390 px phone`);
	await page.screenshot({ path: join(SCREENSHOTS, `spring-rp-${name}-phone.png`), fullPage: true });
	await page.setViewportSize(DESKTOP);
}

test('oauth2Login signs a Telegram user in through the sign-in page and the sandbox page', async () => {
	const page = await browser.context.newPage();
	await page.goto(appUrl + '/');
	await page.waitForURL((url) => url.href.startsWith(BASE_URL + '/oauth2/authorize?'));
	const authorize = new URL(page.url());
	assert.equal(authorize.searchParams.get('client_id'), project.id);
	assert.equal(authorize.searchParams.get('redirect_uri'), appUrl + '/login/oauth2/code/bondify');
	assert.ok(authorize.searchParams.get('nonce'), 'Spring Security sends a nonce');
	assert.ok(authorize.searchParams.get('state'));

	await answerOnSandbox(page, { projectName: 'Spring RP', redirectHost: 'localhost',
		identity: { telegramId: '777000222', name: 'Spring Chromium', username: 'spring_chromium' },
		screenshot: (signIn) => shoot(signIn, 'signin') });

	// The sign-in page continues by itself; the app redeems the code and shows its own page.
	// (Spring Security returns to the saved request as "/?continue".)
	await page.waitForURL((url) => url.origin === appUrl && url.pathname === '/');
	await page.locator('#name').waitFor();
	assert.equal(await page.textContent('#name'), 'Spring Chromium');
	assert.equal(await page.textContent('#username'), '@spring_chromium');
	assert.equal(await page.textContent('#telegram-id'), '777000222');
	const sub = await page.textContent('#sub');
	assert.ok(sub.length > 10 && !sub.includes('777000222'), 'sub is pairwise, never the Telegram id');
	await shoot(page, 'landing');
	assert.deepEqual(browser.errors, []);
});
