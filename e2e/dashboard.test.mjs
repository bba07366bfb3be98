// Real-browser test of the developer dashboard: headless Debian chromium driven by playwright-core.
// Needs BASE_URL (a running Bondify that allows http:// and loopback webhook targets); e2e/run.sh starts one.
// Screenshots of every page, at desktop width and at 390 px, go to SCREENSHOT_DIR as dashboard-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || '../target/e2e');
const TIMEOUT = 20_000;
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const XSS_NAME = '<img src=x onerror=alert(1)>';
assert.ok(BASE_URL, 'BASE_URL must point at a running Bondify');
mkdirSync(SCREENSHOTS, { recursive: true });

let context;
let profile;
let receiver;
const received = [];
const dialogs = [];
const pageErrors = [];

before(async () => {
	profile = mkdtempSync(join(tmpdir(), 'bondify-e2e-dashboard-'));
	context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		viewport: DESKTOP,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	context.setDefaultTimeout(TIMEOUT);
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
	// Fails the test if any page of the dashboard runs an alert() (an XSS would) or throws.
	context.on('page', watch);
	// The project's webhook endpoint: records what Bondify sends and answers 200.
	receiver = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => { body += chunk; });
		request.on('end', () => {
			received.push({ headers: request.headers, body });
			response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((done) => receiver.listen(0, '127.0.0.1', done));
});

after(async () => {
	await context?.close();
	await new Promise((done) => (receiver ? receiver.close(done) : done()));
	if (profile) {
		rmSync(profile, { recursive: true, force: true });
	}
});

function watch(page) {
	page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
	page.on('pageerror', (error) => pageErrors.push(String(error)));
	// A 4xx answer the page expects (the deleted project's 404) is logged by Chromium as a console error too;
	// CSP violations and script errors are what must not happen.
	page.on('console', (message) => {
		if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) {
			pageErrors.push(message.text());
		}
	});
	page.on('response', (response) => {
		if (response.status() >= 500) {
			pageErrors.push(response.status() + ' ' + response.url());
		}
	});
}

/** Screenshots at desktop width and at 390 px; at 390 px nothing may be wider than the screen. */
async function shoot(page, name) {
	await page.evaluate(() => { document.getElementById('toast').hidden = true; });
	await page.setViewportSize(DESKTOP);
	await page.waitForTimeout(50);
	await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
	await page.setViewportSize(PHONE);
	await page.waitForFunction(() => !document.querySelector('.chart') || document.querySelector('.chart canvas'));
	await page.waitForTimeout(100);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 390 px phone`);
	await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}-phone.png`), fullPage: true });
	await page.setViewportSize(DESKTOP);
}

/** Starts a sign-in with the secret key, as an app's server would; the status tells whether the key works. */
async function generateWithKey(projectId, key) {
	const response = await fetch(BASE_URL + '/api/v1/generate', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + key },
		body: JSON.stringify({ project_id: projectId }),
	});
	return response.status;
}

async function api(page, path) {
	return page.evaluate(async (url) => {
		const response = await fetch(url, { headers: { Accept: 'application/json' } });
		return { status: response.status, body: await response.json() };
	}, path);
}

test('a developer signs up, creates a sandbox project, signs a user in and manages the project', async () => {
	const page = await context.newPage();
	const email = `e2e-${Date.now()}@example.com`;

	// Not signed in: the dashboard sends you to log in; from there to sign up.
	await page.goto(BASE_URL + '/dashboard');
	await page.waitForURL(/\/dashboard\/login$/);
	await page.locator('#auth-submit').waitFor();
	await shoot(page, 'login');
	await page.click('#signup-link');
	await page.waitForURL(/\/dashboard\/signup$/);
	await page.locator('#auth-submit').waitFor();
	await page.fill('#email', email);
	await page.fill('#password', 'short');
	await page.click('#auth-submit');
	assert.equal(await page.url(), BASE_URL + '/dashboard/signup', 'a too short password keeps you on the form');
	await page.fill('#password', 'correct horse battery');
	await shoot(page, 'signup');
	await page.click('#auth-submit');
	await page.waitForURL(/\/dashboard\/projects\/new$/);

	// The token is in an httpOnly cookie: no script of the page can read it.
	const cookies = await context.cookies(BASE_URL);
	const tokenCookie = cookies.find((cookie) => cookie.name === 'bondify_dev');
	assert.ok(tokenCookie, 'the token cookie is set');
	assert.equal(tokenCookie.httpOnly, true);
	assert.equal(tokenCookie.sameSite, 'Strict');
	assert.ok(!(await page.evaluate(() => document.cookie)).includes('bondify_dev'));

	// Empty states before anything exists.
	await page.goto(BASE_URL + '/dashboard/projects');
	await page.locator('#projects-empty').waitFor();
	await shoot(page, 'projects-empty');
	await page.goto(BASE_URL + '/dashboard/logs');
	await page.locator('#sessions-empty').waitFor();
	await shoot(page, 'logs-empty');

	// Create a sandbox project; the reveal screen shows the full key once.
	await page.goto(BASE_URL + '/dashboard/projects/new');
	await page.locator('#create-form').waitFor();
	await page.fill('#field-name', 'Acme Shop');
	assert.equal(await page.isChecked('#field-sandbox'), true);
	await shoot(page, 'project-new');
	await page.click('#create-submit');
	await page.locator('#reveal').waitFor();
	const projectId = await page.textContent('#reveal-project-id');
	assert.match(projectId, /^proj_[a-z0-9]{8,}$/);
	assert.match(await page.textContent('#reveal'), /Shown once/);
	await page.click('[aria-label="Copy secret key"]');
	const key = await page.evaluate(() => navigator.clipboard.readText());
	assert.match(key, /^sk_test_[A-Za-z0-9_-]{43}$/);
	assert.equal(await page.textContent('#reveal-secret-key'), key);
	await shoot(page, 'reveal');
	assert.equal(await generateWithKey(projectId, key), 200, 'the copied key works');

	// The projects table: masked key, sandbox badge, counts.
	await page.goto(BASE_URL + '/dashboard/projects');
	await page.locator('#projects-table').waitFor();
	const row = page.locator('#projects-table tbody tr', { hasText: 'Acme Shop' });
	assert.match(await row.textContent(), /sk_test_.{4}••••••••/);
	assert.match(await row.textContent(), /Sandbox/);
	assert.ok(!(await row.textContent()).includes(key));
	await shoot(page, 'projects');

	// A sign-in through the sandbox page, started from the project page.
	await row.locator('a.project-name').click();
	await page.waitForURL(new RegExp('/dashboard/projects/' + projectId + '$'));
	await page.locator('#settings-form').waitFor();
	assert.match(await page.textContent('#snippet-frontend-code'), new RegExp(projectId));
	assert.match(await page.textContent('#snippet-backend-code'), new RegExp(projectId));
	assert.match(await page.textContent('#snippet-mini-app-code'), /exchange\/public/);
	await page.click('#try-sign-in');
	const deeplink = page.locator('#try-deeplink');
	await deeplink.waitFor();
	assert.match(await deeplink.getAttribute('href'), /\/sandbox\/telegram\?start=/);
	await shoot(page, 'project');
	const [sandbox] = await Promise.all([context.waitForEvent('page'), deeplink.click()]);
	await sandbox.waitForLoadState();
	assert.equal(await sandbox.textContent('#project-name'), 'Acme Shop');
	await sandbox.fill('#telegramId', '424242');
	await sandbox.fill('#name', 'E2E Tester');
	await sandbox.fill('#username', 'e2e_tester');
	await sandbox.click('#confirm');
	await sandbox.locator('#result').waitFor();
	assert.match(await sandbox.textContent('#result'), /Signed in to Acme Shop/);
	await sandbox.close();
	// The card was waiting for the answer: it shows the identity and has collected the proof.
	await page.locator('#try-result').waitFor();
	assert.match(await page.textContent('#try-result'), /Signed in as E2E Tester \(@e2e_tester\), Telegram id 424242/);

	// Logs: the confirmed sign-in with its Telegram user, and the pending one the key started.
	await page.goto(BASE_URL + '/dashboard/logs');
	await page.locator('#sessions-table tbody tr').first().waitFor();
	assert.equal(await page.locator('#sessions-table tbody tr').count(), 2);
	const confirmedRow = page.locator('#sessions-table tbody tr', { hasText: 'E2E Tester' });
	assert.match(await confirmedRow.textContent(), /@e2e_tester/);
	assert.match(await confirmedRow.textContent(), /424242/);
	assert.match(await confirmedRow.locator('.chip').textContent(), /Confirmed · used/, 'the card collected the proof');
	assert.ok(await confirmedRow.locator('time').getAttribute('title'), 'exact time on hover');
	await shoot(page, 'logs');
	await page.click('#status-filter button:has-text("Pending")');
	await page.waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 1
		&& document.querySelector('#sessions-table tbody .chip').textContent === 'Pending');
	assert.match(page.url(), /status=pending/);
	await page.click('#status-filter button:has-text("Confirmed")');
	await page.waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 1
		&& document.querySelector('#sessions-table tbody').textContent.includes('E2E Tester'));
	await page.click('#status-filter button:has-text("Cancelled")');
	await page.locator('#sessions-empty').waitFor();

	// Analytics: the cards, the chart and the funnel count both sessions.
	await page.goto(BASE_URL + '/dashboard/analytics');
	await page.locator('#chart canvas').waitFor();
	assert.equal(await page.textContent('#stat-total .stat-value'), '2');
	assert.equal(await page.textContent('#stat-confirmed .stat-value'), '1');
	assert.equal(await page.textContent('#stat-unique .stat-value'), '1');
	assert.equal(await page.textContent('#stat-conversion .stat-value'), '50.0 %');
	assert.equal(await page.getAttribute('#funnel-confirmed', 'value'), '1');
	await shoot(page, 'analytics');
	await page.click('#range-filter button:has-text("30 days")');
	await page.waitForURL(/days=30/);
	await page.locator('#chart canvas').waitFor();

	// Settings: change them, and they stay changed.
	await page.goto(BASE_URL + '/dashboard/projects/' + projectId);
	await page.locator('#settings-form').waitFor();
	const hook = `http://127.0.0.1:${receiver.address().port}/bondify-hook`;
	await page.fill('#field-name', 'Acme Shop EU');
	await page.fill('#field-webhook_url', hook);
	await page.check('#field-req_phone');
	await page.selectOption('#field-proof_alg', 'ES256');
	await page.fill('#field-allowed_origins', 'https://shop.example.com');
	await page.click('#settings-save');
	await page.waitForFunction(() => document.getElementById('project-title').textContent === 'Acme Shop EU');
	await page.reload();
	await page.locator('#settings-form').waitFor();
	assert.equal(await page.inputValue('#field-webhook_url'), hook);
	assert.equal(await page.isChecked('#field-req_phone'), true);
	assert.equal(await page.inputValue('#field-proof_alg'), 'ES256');
	assert.equal(await page.inputValue('#field-allowed_origins'), 'https://shop.example.com');
	const saved = await api(page, '/api/v1/dev/projects/' + projectId);
	assert.equal(saved.body.name, 'Acme Shop EU');
	assert.equal(saved.body.req_phone, true);
	assert.equal(saved.body.proof_alg, 'ES256');

	// Webhooks: a signed test ping reaches the endpoint and shows its outcome.
	await page.goto(BASE_URL + '/dashboard/webhooks?project_id=' + projectId);
	await page.click('#send-ping');
	await page.locator('#ping-outcome .notice').waitFor();
	assert.match(await page.textContent('#ping-outcome'), /Delivered\. HTTP 200/);
	await page.locator('#deliveries-table').waitFor();
	assert.match(await page.textContent('#deliveries-table'), /ping/);
	assert.equal(received.at(-1).headers['x-bondify-event'], 'ping');
	await shoot(page, 'webhooks');

	// Regenerate, behind a confirmation that names the project: the old key stops working at once.
	await page.goto(BASE_URL + '/dashboard/projects/' + projectId);
	await page.click('#regenerate');
	await page.locator('dialog[open]').waitFor();
	assert.match(await page.textContent('dialog[open] h2'), /Acme Shop EU/);
	await shoot(page, 'regenerate-confirm');
	await page.click('#confirm-ok');
	await page.locator('#reveal').waitFor();
	const newKey = await page.textContent('#reveal-secret-key');
	assert.notEqual(newKey, key);
	assert.equal(await generateWithKey(projectId, key), 401, 'the old key is refused');
	assert.equal(await generateWithKey(projectId, newKey), 200, 'the new key works');

	// Delete, behind a confirmation that names the project and wants its name typed.
	await page.goto(BASE_URL + '/dashboard/projects/' + projectId);
	await page.click('#delete');
	await page.locator('dialog[open]').waitFor();
	assert.match(await page.textContent('dialog[open]'), /Acme Shop EU/);
	assert.equal(await page.isDisabled('#confirm-ok'), true);
	await page.fill('#confirm-input', 'Acme Shop EU');
	await shoot(page, 'delete-confirm');
	await page.click('#confirm-ok');
	await page.waitForURL(/\/dashboard\/projects$/);
	await page.locator('#projects-empty').waitFor();
	assert.equal((await api(page, '/api/v1/dev/projects/' + projectId)).status, 404);
	await page.goto(BASE_URL + '/dashboard/projects/' + projectId);
	await page.locator('#project-missing').waitFor();

	// Log out: the cookie's token stops working even if it was copied.
	await page.click('#logout');
	await page.waitForURL(/\/dashboard\/login$/);
	const replay = await fetch(BASE_URL + '/api/v1/dev/me', { headers: { Cookie: 'bondify_dev=' + tokenCookie.value } });
	assert.equal(replay.status, 401);
	await page.goto(BASE_URL + '/dashboard/logs');
	await page.waitForURL(/\/dashboard\/login\?next=/);

	// Log in again with the keyboard alone: tab to the fields, Enter submits; `next` brings you back.
	await page.locator('#auth-submit').waitFor();
	await page.keyboard.type(email);
	await page.keyboard.press('Tab');
	await page.keyboard.type('correct horse battery');
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/dashboard\/logs$/);
	await page.locator('#sessions-empty').waitFor();
	await page.close();
	assert.deepEqual(dialogs, []);
	assert.deepEqual(pageErrors, []);
});

test('a project named like markup is shown as text, never run', async () => {
	const page = await context.newPage();
	await page.goto(BASE_URL + '/dashboard/projects/new');
	await page.locator('#create-form').waitFor();
	await page.fill('#field-name', XSS_NAME);
	await page.click('#create-submit');
	await page.locator('#reveal').waitFor();
	assert.equal(await page.textContent('#reveal-name'), XSS_NAME);
	const projectId = await page.textContent('#reveal-project-id');
	const key = await page.textContent('#reveal-secret-key');
	// More sessions than one page of Logs holds (25), for "Older" below.
	for (let i = 0; i < 26; i++) {
		assert.equal(await generateWithKey(projectId, key), 200);
	}

	await page.goto(BASE_URL + '/dashboard/projects');
	await page.locator('#projects-table').waitFor();
	assert.equal(await page.textContent('#projects-table a.project-name'), XSS_NAME);
	assert.equal(await page.locator('#main img').count(), 0);
	await shoot(page, 'projects-markup');

	await page.goto(BASE_URL + '/dashboard/projects/' + projectId);
	await page.locator('#settings-form').waitFor();
	assert.equal(await page.textContent('#project-title'), XSS_NAME);
	await page.click('#try-sign-in');
	await page.locator('#try-deeplink').waitFor();
	await page.goto(BASE_URL + '/dashboard/logs?project_id=' + projectId);
	await page.locator('#sessions-table').waitFor();
	assert.equal(await page.textContent('#sessions-table tbody a'), XSS_NAME);
	assert.equal(await page.locator('#sessions-table tbody tr').count(), 25);
	await page.click('#older');
	await page.waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 27);
	assert.equal(await page.isHidden('#older'), true, 'no older page after the last one');
	assert.match(await page.textContent('#logs-status'), /27 sessions shown \(all\)/);
	await page.goto(BASE_URL + '/dashboard/analytics?project_id=' + projectId);
	await page.locator('#chart canvas').waitFor();
	assert.equal(await page.locator('#project-filter option:checked').textContent(), XSS_NAME);
	assert.equal(await page.locator('img').count(), 0);
	await page.close();
	assert.deepEqual(dialogs, []);
	assert.deepEqual(pageErrors, []);
});
