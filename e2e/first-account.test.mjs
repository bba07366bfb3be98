// Real-browser test of the first account on a server with registration closed: the developer that the operator
// command created (FIRST_EMAIL / FIRST_PASSWORD) signs in to the dashboard, changes the password on the Password
// page and logs out. e2e/first_account.sh starts the jar, runs the command and then this file.
// Screenshots go to SCREENSHOT_DIR as first-account-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
const EMAIL = process.env.FIRST_EMAIL;
const PASSWORD = process.env.FIRST_PASSWORD;
const NEW_PASSWORD = 'obsidian lantern pickle harbor';
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || '../target/e2e');
assert.ok(BASE_URL && EMAIL && PASSWORD, 'BASE_URL, FIRST_EMAIL and FIRST_PASSWORD must be set');
mkdirSync(SCREENSHOTS, { recursive: true });

let context;
let profile;

before(async () => {
	profile = mkdtempSync(join(tmpdir(), 'bondify-e2e-first-'));
	context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1280, height: 860 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
	});
	context.setDefaultTimeout(20_000);
});

after(async () => {
	await context?.close();
	rmSync(profile, { recursive: true, force: true });
});

test('the operator-created developer signs in, changes the password and logs out', async () => {
	const page = await context.newPage();
	const errors = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto(BASE_URL + '/dashboard/login');
	await page.waitForSelector('#registration-closed');
	assert.match(await page.textContent('#registration-closed'), /ask its operator/);
	await page.screenshot({ path: join(SCREENSHOTS, 'first-account-login.png') });

	await page.fill('#email', EMAIL);
	await page.fill('#password', 'not the password at all');
	await page.click('#auth-submit');
	await page.waitForSelector('#auth-error:not([hidden])');

	await page.fill('#password', PASSWORD);
	await page.click('#auth-submit');
	await page.waitForURL(BASE_URL + '/dashboard/projects');
	// The shell loads first; its script fills in who is signed in.
	await page.waitForFunction((email) => document.getElementById('account-email')?.textContent === email, EMAIL);

	await page.click('a[data-nav="password"]');
	await page.waitForURL(BASE_URL + '/dashboard/password');
	await page.waitForSelector('#current_password');
	await page.fill('#current_password', PASSWORD);
	await page.fill('#new_password', 'qwertyuiop');
	await page.fill('#confirm_password', 'qwertyuiop');
	await page.click('#password-submit');
	await page.waitForSelector('#password-error:not([hidden])');
	assert.match(await page.textContent('#password-error'), /passphrase of several unrelated words/);
	await page.screenshot({ path: join(SCREENSHOTS, 'first-account-password-weak.png') });

	await page.fill('#new_password', NEW_PASSWORD);
	await page.fill('#confirm_password', NEW_PASSWORD);
	await page.click('#password-submit');
	await page.waitForSelector('#password-done:not([hidden])');
	await page.screenshot({ path: join(SCREENSHOTS, 'first-account-password-changed.png') });
	// Still signed in: the cookie carries the fresh token.
	await page.goto(BASE_URL + '/dashboard/projects');
	await page.waitForFunction((email) => document.getElementById('account-email')?.textContent === email, EMAIL);

	await page.click('#logout');
	await page.waitForURL(/\/dashboard\/login/);
	await page.fill('#email', EMAIL);
	await page.fill('#password', PASSWORD);
	await page.click('#auth-submit');
	await page.waitForSelector('#auth-error:not([hidden])');
	await page.fill('#password', NEW_PASSWORD);
	await page.click('#auth-submit');
	await page.waitForURL(BASE_URL + '/dashboard/projects');
	assert.deepEqual(errors, []);
});
