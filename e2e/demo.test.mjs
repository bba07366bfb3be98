// Real-browser test of the demo page and the sandbox page: headless Debian chromium driven by playwright-core.
// Needs BASE_URL (a running Bondify with the demo enabled); e2e/run.sh starts one. Screenshots go to SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || '../target/e2e');
const TIMEOUT = 20_000;
assert.ok(BASE_URL, 'BASE_URL must point at a running Bondify');
mkdirSync(SCREENSHOTS, { recursive: true });

let context;
let profile;

before(async () => {
	profile = mkdtempSync(join(tmpdir(), 'bondify-e2e-profile-'));
	// A persistent context is the way to hand Chromium a fresh --user-data-dir of our own.
	context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: { width: 900, height: 900 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	context.setDefaultTimeout(TIMEOUT);
});

after(async () => {
	await context?.close();
	if (profile) {
		rmSync(profile, { recursive: true, force: true });
	}
});

/**
 * Screenshots the page as a phone shows it (390 px wide) and fails when anything sticks out sideways: a phone user
 * would have to scroll horizontally to read it.
 */
async function phoneShot(page, name) {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 390, height: 844 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390px phone screen`);
	await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
	await page.setViewportSize(size);
}

/** Opens the demo, presses the button and follows the deeplink into a new tab, as a user on a desktop would. */
async function startSignIn() {
	const demo = await context.newPage();
	await demo.goto(BASE_URL + '/');
	await demo.click('#sign-in');
	const link = demo.locator('#deeplink');
	await link.waitFor({ state: 'visible' });
	const href = await link.getAttribute('href');
	assert.match(href, /\/sandbox\/telegram\?start=[A-Za-z0-9_-]{22}$/);
	await demo.waitForFunction(() => {
		const qr = document.getElementById('qr');
		return qr.complete && qr.naturalWidth > 0;
	});
	await demo.screenshot({ path: join(SCREENSHOTS, 'demo-waiting.png'), fullPage: true });
	await phoneShot(demo, 'demo-waiting');
	const [sandbox] = await Promise.all([context.waitForEvent('page'), link.click()]);
	await sandbox.waitForLoadState();
	assert.equal(await sandbox.textContent('#project-name'), 'Bondify demo');
	assert.match(await sandbox.textContent('#message'), /Confirm only a sign-in you started yourself/);
	return { demo, sandbox };
}

test('confirming on the sandbox page signs the demo page in with the test identity', async () => {
	const { demo, sandbox } = await startSignIn();
	await sandbox.screenshot({ path: join(SCREENSHOTS, 'sandbox-pending.png'), fullPage: true });
	await phoneShot(sandbox, 'sandbox-pending');
	await sandbox.fill('#telegramId', '700700700');
	await sandbox.fill('#name', 'E2E Tester');
	await sandbox.fill('#username', 'e2e_tester');
	await sandbox.click('#confirm');
	await sandbox.locator('#result').waitFor();
	assert.match(await sandbox.textContent('#result'), /Signed in to Bondify demo/);
	await sandbox.screenshot({ path: join(SCREENSHOTS, 'sandbox-confirmed.png'), fullPage: true });

	await demo.bringToFront();
	await demo.locator('#identity').waitFor({ state: 'visible' });
	assert.equal(await demo.textContent('#identity-name'), 'E2E Tester');
	assert.equal(await demo.textContent('#identity-username'), '@e2e_tester');
	assert.equal(await demo.textContent('#identity-id'), '700700700');
	assert.match(await demo.textContent('#status'), /Signed in as E2E Tester\. The proof is valid\./);
	await demo.screenshot({ path: join(SCREENSHOTS, 'demo-confirmed.png'), fullPage: true });
	await phoneShot(demo, 'demo-confirmed');
});

test('cancelling on the sandbox page tells the demo page and offers to try again', async () => {
	const { demo, sandbox } = await startSignIn();
	await sandbox.click('#cancel');
	await sandbox.locator('#result').waitFor();
	assert.match(await sandbox.textContent('#result'), /Sign-in cancelled/);
	await sandbox.screenshot({ path: join(SCREENSHOTS, 'sandbox-cancelled.png'), fullPage: true });

	await demo.bringToFront();
	await demo.locator('#try-again').waitFor({ state: 'visible' });
	assert.match(await demo.textContent('#status'), /cancelled/);
	assert.equal(await demo.locator('#identity').isVisible(), false);
	await demo.screenshot({ path: join(SCREENSHOTS, 'demo-cancelled.png'), fullPage: true });

	const cancelledLink = await demo.getAttribute('#deeplink', 'href');
	await demo.click('#try-again');
	await demo.waitForFunction((old) => {
		const link = document.getElementById('deeplink');
		return !document.getElementById('link-step').hidden && link.href !== old;
	}, cancelledLink);
});
