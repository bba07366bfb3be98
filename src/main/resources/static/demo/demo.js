// The demo app's front end: generate a session, show its deeplink, long-poll verify ("wait": the server answers as
// soon as the status changes, or pending after WAIT_S), and hand the proof to the demo's server side. Plain browser JavaScript, no build step.
(function () {
	'use strict';

	const WAIT_S = 25;
	// Between two answers: a server that cannot hold polls answers pending at once.
	const PAUSE_MS = 500;
	const meta = (name) => document.querySelector('meta[name="' + name + '"]').content;
	const projectId = meta('bondify-project');
	const $ = (id) => document.getElementById(id);
	let timer = null;

	async function postJson(path, body, headers) {
		const response = await fetch(path, {
			method: 'POST',
			headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}),
			body: JSON.stringify(body)
		});
		let json = null;
		try {
			json = await response.json();
		} catch (e) {
			// An empty or non-JSON body is reported below by its status.
		}
		if (!response.ok) {
			const message = (json && json.error) ? json.error : 'HTTP ' + response.status;
			throw new Error(message + (json && json.code ? ' (' + json.code + ')' : ''));
		}
		return json;
	}

	// UTC, like the sandbox page's "Requested at", so both pages name the same clock.
	function utcTime(epochMs) {
		return new Date(epochMs).toISOString().substring(11, 19) + ' UTC';
	}

	function show(text, kind) {
		const status = $('status');
		status.textContent = text;
		status.className = 'status' + (kind ? ' ' + kind : '');
		status.hidden = false;
	}

	function finish(text, kind) {
		stopPolling();
		$('link-step').hidden = true;
		show(text, kind);
		$('try-again').hidden = false;
	}

	function stopPolling() {
		if (timer !== null) {
			clearTimeout(timer);
			timer = null;
		}
	}

	async function signIn() {
		stopPolling();
		$('sign-in').hidden = true;
		$('try-again').hidden = true;
		$('identity').hidden = true;
		show('Creating a sign-in session…');
		try {
			const session = await postJson('/api/v1/generate/public', { project_id: projectId });
			$('deeplink').href = session.deeplink;
			$('deeplink').textContent = session.deeplink;
			$('qr').src = '/demo/qr?text=' + encodeURIComponent(session.deeplink);
			$('expires-at').textContent = utcTime(session.expires_at);
			$('link-step').hidden = false;
			show('Waiting for you to confirm in “Telegram”…');
			poll(session.session_token, 0);
		} catch (e) {
			finish('Could not start the sign-in: ' + e.message, 'bad');
		}
	}

	function poll(token, delay) {
		timer = setTimeout(async () => {
			try {
				const result = await postJson('/api/v1/verify/public',
					{ project_id: projectId, session_token: token, wait: WAIT_S });
				switch (result.status) {
					case 'pending':
						poll(token, PAUSE_MS);
						return;
					case 'confirmed':
						await collect(result);
						return;
					case 'cancelled':
						finish('❌ Sign-in cancelled in Telegram. Nothing was shared.', 'bad');
						return;
					case 'expired':
						finish('⌛ The sign-in request expired before it was confirmed.', 'bad');
						return;
					case 'used':
						finish('This sign-in was already collected by another tab or device.', 'bad');
						return;
					default:
						finish('Unexpected status: ' + result.status, 'bad');
				}
			} catch (e) {
				finish('Checking the sign-in failed: ' + e.message, 'bad');
			}
		}, delay);
	}

	async function collect(confirmed) {
		stopPolling();
		$('link-step').hidden = true;
		show('Confirmed. Checking the proof on the server…');
		try {
			const headers = {};
			headers[meta('csrf-header')] = meta('csrf-token');
			const identity = await postJson('/demo/verify', { proof: confirmed.proof }, headers);
			$('identity-name').textContent = identity.telegram_name;
			$('identity-username').textContent = identity.telegram_username ? '@' + identity.telegram_username : '—';
			$('identity-id').textContent = identity.telegram_id;
			$('identity-phone').textContent = identity.telegram_phone || '—';
			$('identity').hidden = false;
			finish('✅ Signed in as ' + identity.telegram_name + '. The proof is valid.', 'ok');
		} catch (e) {
			finish('The server refused the proof: ' + e.message, 'bad');
		}
	}

	$('sign-in').addEventListener('click', signIn);
	$('try-again').addEventListener('click', signIn);
}());
