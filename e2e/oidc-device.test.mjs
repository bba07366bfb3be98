// The device authorization grant (RFC 8628, api.md §10) through openid-client's device-flow API against the running
// jar: the device asks for a user_code, the user opens verification_uri_complete (the sandbox page for a sandbox
// project) in headless Chromium and confirms, the device polls until openid-client gets tokens, checks the ES256
// id_token against the JWKS and fetches userinfo. Refusals: authorization_pending and slow_down while the user has not
// answered, access_denied after Cancel, a redeemed device code is invalid_grant, a wrong secret is invalid_client.
// Needs BASE_URL (a running Bondify with the sandbox on); e2e/run.sh starts one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { createOidcProject, launchBrowser, registerDeveloper } from './oidc-helpers.mjs';

const BASE_URL = process.env.BASE_URL;
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
assert.ok(BASE_URL, 'BASE_URL must point at a running Bondify');

let browser;
let confidential;
let publicClient;

before(async () => {
	browser = await launchBrowser('oidc-device');
	const token = await registerDeveloper(BASE_URL, 'oidc-device');
	// The device grant needs no redirect URI; the projects have one only because the code flow needs it anyway.
	confidential = await createOidcProject(BASE_URL, token,
		{ name: 'Node TV', redirect_uris: ['http://127.0.0.1/unused'] });
	publicClient = await createOidcProject(BASE_URL, token,
		{ name: 'Node CLI', redirect_uris: ['http://127.0.0.1/unused'], oidc_public: true });
});

after(async () => {
	await browser?.close();
});

async function discover(project, clientAuth) {
	return client.discovery(new URL(BASE_URL), project.id, { id_token_signed_response_alg: 'ES256' },
		clientAuth ?? client.ClientSecretBasic(project.secret_key),
		{ execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] });
}

/** One poll of the token endpoint by hand (openid-client's own polling hides pending and slow_down). */
async function pollOnce(config, deviceCode) {
	try {
		await client.genericGrantRequest(config, DEVICE_CODE, { device_code: deviceCode });
		return 'tokens';
	}
	catch (error) {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.status, 400);
		return error.error;
	}
}

/** The user opens verification_uri_complete and answers on the sandbox page. */
async function answer(device, projectName, { identity, cancel = false }) {
	const page = await browser.context.newPage();
	await page.goto(device.verification_uri_complete);
	await page.locator('#message').waitFor();
	assert.equal(await page.textContent('#project-name'), projectName);
	if (cancel) {
		await page.click('#cancel');
	}
	else {
		await page.fill('#telegramId', identity.telegramId);
		await page.fill('#name', identity.name);
		await page.fill('#username', identity.username);
		await page.click('#confirm');
	}
	await page.locator('#result').waitFor();
	assert.match(await page.textContent('#result'), cancel ? /cancelled/i : new RegExp(`Signed in to ${projectName}`));
	await page.close();
}

test('discovery advertises the device authorization endpoint and grant', async () => {
	const server = (await discover(confidential)).serverMetadata();
	assert.equal(server.device_authorization_endpoint, BASE_URL + '/oauth2/device_authorization');
	assert.ok(server.grant_types_supported.includes(DEVICE_CODE), JSON.stringify(server.grant_types_supported));
});

test('a device signs a user in: user_code, sandbox confirm, polling, ES256 id_token, userinfo', async () => {
	const config = await discover(confidential);
	const device = await client.initiateDeviceAuthorization(config, { scope: 'openid profile' });
	assert.ok(device.device_code.length >= 32, 'the device code is long enough not to be guessed');
	assert.match(device.user_code, /^[A-Z0-9-]{6,12}$/);
	assert.ok(device.verification_uri.startsWith(BASE_URL + '/') || device.verification_uri.startsWith('https://t.me/'),
		device.verification_uri);
	assert.match(device.verification_uri_complete, /\/sandbox\/telegram\?start=[A-Za-z0-9_-]+$/);
	assert.ok(device.expires_in > 0);
	assert.ok(device.interval >= 1);

	// RFC 8628 §3.5: before the user answered, pending.
	assert.equal(await pollOnce(config, device.device_code), 'authorization_pending');

	const identity = { telegramId: '700100400', name: 'Device Tester', username: 'device_tester' };
	await answer(device, confidential.name, { identity });
	const tokens = await client.pollDeviceAuthorizationGrant(config, device);
	const header = JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url').toString());
	assert.equal(header.alg, 'ES256');
	assert.ok(header.kid);
	const claims = tokens.claims();
	assert.equal(claims.iss, BASE_URL);
	assert.equal(claims.aud, confidential.id);
	assert.equal(claims.telegram_id, '700100400');
	assert.equal(claims.name, 'Device Tester');
	assert.ok(!claims.sub.includes('700100400'), 'sub is pairwise, never the Telegram id');
	const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
	assert.equal(userinfo.preferred_username, 'device_tester');

	// The device code was redeemed: polling again is refused.
	assert.equal(await pollOnce(config, device.device_code), 'invalid_grant');
});

test('polling too fast is slow_down; Cancel on the sandbox page is access_denied', async () => {
	const config = await discover(confidential);
	const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
	assert.equal(await pollOnce(config, device.device_code), 'authorization_pending');
	// At once again, well inside the interval.
	assert.equal(await pollOnce(config, device.device_code), 'slow_down');
	await answer(device, confidential.name, { cancel: true });
	await assert.rejects(client.pollDeviceAuthorizationGrant(config, device), (error) => {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.error, 'access_denied');
		return true;
	});
});

test('a public client uses the device grant with its client_id alone; a wrong secret is invalid_client', async () => {
	const config = await discover(publicClient, client.None());
	const device = await client.initiateDeviceAuthorization(config, { scope: 'openid profile' });
	await answer(device, publicClient.name,
		{ identity: { telegramId: '700100500', name: 'CLI Tester', username: 'cli_tester' } });
	const claims = (await client.pollDeviceAuthorizationGrant(config, device)).claims();
	assert.equal(claims.aud, publicClient.id);
	assert.equal(claims.telegram_id, '700100500');

	const wrong = await discover(confidential, client.ClientSecretBasic(confidential.secret_key.slice(0, -1) + 'x'));
	await assert.rejects(client.initiateDeviceAuthorization(wrong, { scope: 'openid' }), (error) => {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.status, 401);
		assert.equal(error.error, 'invalid_client');
		return true;
	});
});
