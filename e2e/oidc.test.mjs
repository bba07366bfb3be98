// A real OpenID Connect relying party against the running jar: openid-client (npm) discovers the provider from the
// issuer URL, sends the user's headless Chromium to the authorization endpoint with PKCE (S256), state and nonce, the
// user confirms on the sandbox page, our sign-in page continues to the app's loopback callback by itself, and
// openid-client redeems the code, validates the ES256 id_token against the JWKS and fetches userinfo. The unhappy
// paths go through the library too: cancel, a wrong client secret, a replayed code, a tampered signature, a forged
// iss, an unregistered redirect_uri, plain PKCE and a public client without PKCE.
// Needs BASE_URL (a running Bondify with the sandbox on); e2e/run.sh starts one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as client from 'openid-client';
import { answerOnSandbox, createOidcProject, launchBrowser, registerDeveloper, startCallbackServer, DESKTOP, PHONE }
	from './oidc-helpers.mjs';

const BASE_URL = process.env.BASE_URL;
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || '../target/e2e');
assert.ok(BASE_URL, 'BASE_URL must point at a running Bondify');
mkdirSync(SCREENSHOTS, { recursive: true });

let browser;
let callback;
let confidential;
let publicClient;

before(async () => {
	browser = await launchBrowser('oidc');
	callback = await startCallbackServer();
	const token = await registerDeveloper(BASE_URL, 'oidc');
	confidential = await createOidcProject(BASE_URL, token, { name: 'Node RP', redirect_uris: [callback.url] });
	publicClient = await createOidcProject(BASE_URL, token,
		{ name: 'Node SPA', redirect_uris: [callback.url], oidc_public: true });
});

after(async () => {
	await browser?.close();
	await callback?.close();
});

/** What an app does at start-up: discovery from the issuer URL alone (http is allowed for the loopback jar). */
async function discover(project, clientAuth, extra = []) {
	const metadata = { id_token_signed_response_alg: 'ES256' };
	const secret = clientAuth === undefined ? project.secret_key : undefined;
	return client.discovery(new URL(BASE_URL), project.id, metadata,
		clientAuth ?? client.ClientSecretBasic(secret),
		{ execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks, ...extra] });
}

/**
 * One sign-in as a user makes it: the app builds the authorization URL, the browser opens it, the user answers on
 * the sandbox page, and the sign-in page goes on to the callback by itself. Answers the URL the callback received.
 */
async function signIn(config, project, { identity, cancel = false, screenshot } = {}) {
	const verifier = client.randomPKCECodeVerifier();
	const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: callback.url,
		scope: 'openid profile',
		code_challenge: await client.calculatePKCECodeChallenge(verifier),
		code_challenge_method: 'S256',
		state: checks.expectedState,
		nonce: checks.expectedNonce,
	});
	assert.equal(url.origin + url.pathname, BASE_URL + '/oauth2/authorize');
	const page = await browser.context.newPage();
	const callsBefore = callback.calls.length;
	await page.goto(url.href);
	await answerOnSandbox(page, { projectName: project.name, redirectHost: '127.0.0.1', identity, cancel, screenshot });
	await page.waitForURL((current) => current.href.startsWith(callback.url + '?'));
	const landed = new URL(page.url());
	assert.equal(callback.calls.length, callsBefore + 1, 'the callback was called exactly once');
	assert.equal(callback.url + callback.calls.at(-1).slice('/callback'.length), landed.href);
	await page.close();
	return { landed, checks };
}

/** An assertion for assert.rejects: the error or one of its causes says {@code pattern}. */
function causedBy(pattern) {
	return (error) => {
		for (let cause = error; cause; cause = cause.cause) {
			if (pattern.test(String(cause.message))) {
				return true;
			}
		}
		assert.fail(`expected an error caused by ${pattern}, got ${error}`);
	};
}

function jwtPart(jwt, index) {
	return JSON.parse(Buffer.from(jwt.split('.')[index], 'base64url').toString());
}

async function shoot(page, name) {
	await page.screenshot({ path: join(SCREENSHOTS, `oidc-${name}.png`), fullPage: true });
	await page.setViewportSize(PHONE);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the sign-in page is ${overflow}px wider than a 390 px phone`);
	await page.screenshot({ path: join(SCREENSHOTS, `oidc-${name}-phone.png`), fullPage: true });
	await page.setViewportSize(DESKTOP);
}

test('discovery from the issuer URL describes this provider', async () => {
	const config = await discover(confidential);
	const server = config.serverMetadata();
	assert.equal(server.issuer, BASE_URL);
	assert.equal(server.authorization_endpoint, BASE_URL + '/oauth2/authorize');
	assert.equal(server.token_endpoint, BASE_URL + '/oauth2/token');
	assert.equal(server.jwks_uri, BASE_URL + '/oauth2/jwks');
	assert.equal(server.userinfo_endpoint, BASE_URL + '/userinfo');
	assert.deepEqual(server.id_token_signing_alg_values_supported, ['ES256']);
	assert.ok(server.code_challenge_methods_supported.includes('S256'));
	assert.ok(!server.code_challenge_methods_supported.includes('plain'));
	assert.equal(server.authorization_response_iss_parameter_supported, true);
	// Only the client authentication methods the token endpoint accepts.
	assert.deepEqual([...server.token_endpoint_auth_methods_supported].sort(),
		['client_secret_basic', 'client_secret_post', 'none']);
	assert.equal(server.supportsPKCE(), true);
});

test('a confidential client signs a user in: code + PKCE + state + nonce, ES256 id_token, userinfo', async () => {
	const config = await discover(confidential);
	const identity = { telegramId: '700100200', name: 'Node Tester', username: 'node_tester' };
	const { landed, checks } = await signIn(config, confidential, { identity, screenshot: (page) => shoot(page, 'signin') });
	assert.equal(landed.searchParams.get('state'), checks.expectedState);
	assert.equal(landed.searchParams.get('iss'), BASE_URL);

	// RFC 9207: openid-client refuses a response whose iss is not the issuer it discovered (checked before any
	// request, so the code stays unused).
	const forged = new URL(landed);
	forged.searchParams.set('iss', 'https://attacker.example');
	await assert.rejects(client.authorizationCodeGrant(config, forged, checks), causedBy(/unexpected "iss"/));

	const tokens = await client.authorizationCodeGrant(config, landed, checks);
	assert.equal(tokens.token_type.toLowerCase(), 'bearer');
	const header = jwtPart(tokens.id_token, 0);
	assert.equal(header.alg, 'ES256');
	const jwks = await (await fetch(config.serverMetadata().jwks_uri)).json();
	const key = jwks.keys.find((candidate) => candidate.kid === header.kid);
	assert.ok(key, `the id_token's kid ${header.kid} is published in the JWKS`);
	assert.equal(key.kty, 'EC');
	assert.equal(key.crv, 'P-256');

	const claims = tokens.claims();
	assert.equal(claims.iss, BASE_URL);
	assert.equal(claims.aud, confidential.id);
	assert.equal(claims.nonce, checks.expectedNonce);
	assert.equal(claims.telegram_id, '700100200');
	assert.equal(claims.name, 'Node Tester');
	assert.equal(claims.preferred_username, 'node_tester');
	assert.deepEqual(claims.amr, ['telegram']);
	assert.ok(claims.sub && !claims.sub.includes('700100200'), 'sub is pairwise, never the Telegram id');

	const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
	assert.equal(userinfo.sub, claims.sub);
	assert.equal(userinfo.telegram_id, '700100200');
	assert.equal(userinfo.name, 'Node Tester');
	assert.equal(userinfo.preferred_username, 'node_tester');

	// The code was redeemed: the same callback again is refused.
	await assert.rejects(client.authorizationCodeGrant(config, landed, checks), (error) => {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.error, 'invalid_grant');
		return true;
	});
	assert.deepEqual(browser.errors, []);
});

test('a public client signs in with PKCE alone and gets another pairwise sub for the same user', async () => {
	const config = await discover(publicClient, client.None());
	const identity = { telegramId: '700100200', name: 'Node Tester', username: 'node_tester' };
	const { landed, checks } = await signIn(config, publicClient, { identity });
	const tokens = await client.authorizationCodeGrant(config, landed, checks);
	const claims = tokens.claims();
	assert.equal(claims.aud, publicClient.id);
	assert.equal(claims.nonce, checks.expectedNonce);
	assert.equal(claims.telegram_id, '700100200');
	const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
	assert.equal(userinfo.name, 'Node Tester');

	// The same user through the confidential project: a different sub (pairwise per project).
	const other = await discover(confidential);
	const second = await signIn(other, confidential, { identity });
	const otherClaims = (await client.authorizationCodeGrant(other, second.landed, second.checks)).claims();
	assert.equal(otherClaims.telegram_id, '700100200');
	assert.notEqual(otherClaims.sub, claims.sub);
});

test('cancel returns access_denied with state and iss, which openid-client checks', async () => {
	const config = await discover(confidential);
	const { landed, checks } = await signIn(config, confidential, { cancel: true });
	assert.equal(landed.searchParams.get('error'), 'access_denied');
	assert.equal(landed.searchParams.get('state'), checks.expectedState);
	assert.equal(landed.searchParams.get('iss'), BASE_URL);
	assert.equal(landed.searchParams.get('code'), null);
	await assert.rejects(client.authorizationCodeGrant(config, landed, checks), (error) => {
		assert.ok(error instanceof client.AuthorizationResponseError, String(error));
		assert.equal(error.error, 'access_denied');
		return true;
	});
});

test('a wrong secret is invalid_client, a tampered id_token is refused, a replayed code is invalid_grant', async () => {
	const config = await discover(confidential);
	const identity = { telegramId: '700100300', name: 'Replay Tester', username: 'replay_tester' };
	const { landed, checks } = await signIn(config, confidential, { identity });

	const wrongSecret = await discover(confidential, client.ClientSecretBasic(confidential.secret_key.slice(0, -1) + 'x'));
	await assert.rejects(client.authorizationCodeGrant(wrongSecret, landed, checks), (error) => {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.status, 401);
		assert.equal(error.error, 'invalid_client');
		return true;
	});

	// The code is still good after the refused client: redeem it, but hand openid-client an id_token whose ES256
	// signature was altered on the way. The JWKS check must refuse it.
	const tampering = await discover(confidential);
	tampering[client.customFetch] = async (url, options) => {
		const response = await fetch(url, options);
		if (!url.toString().endsWith('/oauth2/token') || !response.ok) {
			return response;
		}
		const body = await response.json();
		const [head, payload, signature] = body.id_token.split('.');
		body.id_token = `${head}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
		return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
	};
	await assert.rejects(client.authorizationCodeGrant(tampering, landed, checks), causedBy(/signature/i));

	// The code was redeemed by that exchange: a second one is refused.
	await assert.rejects(client.authorizationCodeGrant(config, landed, checks), (error) => {
		assert.ok(error instanceof client.ResponseBodyError, String(error));
		assert.equal(error.status, 400);
		assert.equal(error.error, 'invalid_grant');
		return true;
	});
});

/** Opens an authorization URL the app built wrongly; answers where the browser ended up. */
async function openRefused(url) {
	const page = await browser.context.newPage();
	const callsBefore = callback.calls.length;
	const response = await page.goto(url.href);
	const landed = new URL(page.url());
	const text = await page.textContent('body');
	await page.close();
	return { response, landed, text, called: callback.calls.length - callsBefore };
}

test('refused before the sign-in page: an unregistered redirect_uri, plain PKCE, a public client without PKCE', async () => {
	// An unregistered redirect_uri: an error page for people, never a redirect (the app's callback hears nothing).
	const config = await discover(confidential);
	const stranger = await openRefused(client.buildAuthorizationUrl(config, {
		redirect_uri: callback.url + '/elsewhere', scope: 'openid', state: client.randomState(),
		code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
		code_challenge_method: 'S256' }));
	assert.equal(stranger.response.status(), 400);
	assert.equal(stranger.landed.origin, BASE_URL);
	assert.equal(stranger.called, 0);
	assert.doesNotMatch(stranger.text, /Waiting for your confirmation/);

	// plain PKCE, and a public client that sends no PKCE: the error goes back to the app with state and iss, and
	// openid-client reports it as the authorization server's answer.
	const publicConfig = await discover(publicClient, client.None());
	const cases = [
		[config, { code_challenge: client.randomPKCECodeVerifier(), code_challenge_method: 'plain' }],
		[publicConfig, {}],
	];
	for (const [caseConfig, pkce] of cases) {
		const state = client.randomState();
		const refused = await openRefused(client.buildAuthorizationUrl(caseConfig,
			{ redirect_uri: callback.url, scope: 'openid', state, ...pkce }));
		assert.equal(refused.called, 1);
		assert.equal(refused.landed.searchParams.get('state'), state);
		assert.equal(refused.landed.searchParams.get('iss'), BASE_URL);
		await assert.rejects(client.authorizationCodeGrant(caseConfig, refused.landed,
			{ expectedState: state, pkceCodeVerifier: 'unused' }), (error) => {
			assert.ok(error instanceof client.AuthorizationResponseError, String(error));
			assert.equal(error.error, 'invalid_request');
			return true;
		});
	}
});
