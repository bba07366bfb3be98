// What the OpenID Connect browser tests share: a developer account and projects made through the developer API, a
// headless Chromium of our own, the relying party's loopback callback server, and the sandbox page played as the bot.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const TIMEOUT = 20_000;
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** A developer account of its own (a strong password: the service refuses weak ones). */
export async function registerDeveloper(baseUrl, label) {
	const response = await fetch(baseUrl + '/api/v1/dev/register', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ email: `${label}-${Date.now()}-${process.pid}@example.com`,
			password: 'tangerine viaduct morsel quilt' }),
	});
	assert.equal(response.status, 200, await response.clone().text());
	return (await response.json()).token;
}

/** A sandbox project that is an OIDC client with exactly these redirect URIs; answers the project object. */
export async function createOidcProject(baseUrl, token, fields) {
	const response = await fetch(baseUrl + '/api/v1/dev/projects', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
		body: JSON.stringify({ sandbox: true, ...fields }),
	});
	const project = await response.json();
	assert.equal(response.status, 200, JSON.stringify(project));
	assert.deepEqual(project.redirect_uris, fields.redirect_uris);
	return project;
}

/** Headless Debian chromium with a fresh profile directory; close() removes it. */
export async function launchBrowser(label) {
	const profile = mkdtempSync(join(tmpdir(), `bondify-e2e-${label}-`));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: DESKTOP,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	context.setDefaultTimeout(TIMEOUT);
	const errors = [];
	context.on('page', (page) => page.on('pageerror', (error) => errors.push(String(error))));
	return {
		context,
		errors,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/**
 * The relying party's redirect_uri: a loopback HTTP server that records every callback and shows a plain page, as
 * a real app's callback route would before it exchanges the code.
 */
export async function startCallbackServer() {
	const calls = [];
	const server = createServer((request, response) => {
		// Chromium also asks the app's origin for /favicon.ico; only the callback route counts.
		if (request.url.startsWith('/callback')) {
			calls.push(request.url);
		}
		response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>Callback</title><p>Back at the app.</p>');
	});
	await new Promise((done) => server.listen(0, '127.0.0.1', done));
	const url = `http://127.0.0.1:${server.address().port}/callback`;
	return { url, calls, close: () => new Promise((done) => server.close(done)) };
}

/**
 * On our sign-in page (already open in {@code page}): checks what it names, follows its link to the sandbox page in
 * a new tab as a user would, and confirms there with the given test identity (or cancels on the sign-in page).
 */
export async function answerOnSandbox(page, { projectName, redirectHost, identity, cancel = false, screenshot }) {
	await page.locator('#oidc-signin').waitFor();
	assert.equal(await page.textContent('#project-name'), projectName);
	assert.equal(await page.textContent('#redirect-host'), redirectHost);
	assert.match(await page.textContent('#status'), /Waiting for your confirmation/);
	await page.waitForFunction(() => document.querySelector('#qr svg') !== null);
	if (screenshot) {
		await screenshot(page);
	}
	if (cancel) {
		await page.click('#cancel');
		return;
	}
	const link = page.locator('#deeplink');
	assert.match(await link.getAttribute('href'), /\/sandbox\/telegram\?start=[A-Za-z0-9_-]{22}$/);
	const [sandbox] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
	await sandbox.waitForLoadState();
	assert.equal(await sandbox.textContent('#project-name'), projectName);
	// The bot's prompt names the host the user will be sent back to.
	assert.match(await sandbox.textContent('#origin'), new RegExp(redirectHost.replaceAll('.', '\\.')));
	await sandbox.fill('#telegramId', identity.telegramId);
	await sandbox.fill('#name', identity.name);
	await sandbox.fill('#username', identity.username);
	await sandbox.click('#confirm');
	await sandbox.locator('#result').waitFor();
	assert.match(await sandbox.textContent('#result'), new RegExp(`Signed in to ${projectName}`));
	await sandbox.close();
}
