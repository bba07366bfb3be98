// The OpenID Connect sign-in page: waits (long poll) for the user's answer in Telegram, then continues the
// authorization request by itself (confirmed), returns to the app (cancelled), or offers to try again (expired).
(function () {
	'use strict';
	const page = document.getElementById('oidc-signin');
	const token = page.dataset.sessionToken;
	const status = document.getElementById('status');
	const tryAgain = document.getElementById('try-again');
	const cancel = document.getElementById('cancel');
	const linkStep = document.getElementById('link-step');
	let finished = false;

	function post(path, body) {
		return fetch(path, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			credentials: 'omit'
		}).then((response) => response.json().then((json) => ({ ok: response.ok, json })));
	}

	function offerRetry(text) {
		finished = true;
		status.textContent = text;
		linkStep.hidden = true;
		cancel.hidden = true;
		tryAgain.hidden = false;
	}

	function go(answer) {
		// Cancel and the long poll both learn of a cancellation: only the first answer moves the page, or the app's
		// callback would be called twice.
		if (finished) {
			return;
		}
		if (answer.location) {
			finished = true;
			status.textContent = answer.status === 'confirmed' ? 'Confirmed — returning to the app…'
				: 'Sign-in cancelled — returning to the app…';
			window.location.assign(answer.location);
			return;
		}
		offerRetry(answer.status === 'expired' ? 'This sign-in expired before it was confirmed.'
			: 'This sign-in can no longer be used.');
	}

	function next() {
		post('/oidc/continue', { session_token: token, query: window.location.search })
			.then(({ ok, json }) => ok ? go(json) : offerRetry('This sign-in can no longer be used.'))
			.catch(() => setTimeout(next, 2000));
	}

	function wait() {
		if (finished) {
			return;
		}
		post('/oidc/wait', { session_token: token, wait: 25 })
			.then(({ ok, json }) => {
				if (!ok) {
					setTimeout(wait, json && json.code === 'RATE_LIMITED' ? 5000 : 2000);
				} else if (json.status === 'pending') {
					wait();
				} else {
					next();
				}
			})
			.catch(() => setTimeout(wait, 2000));
	}

	tryAgain.addEventListener('click', () => window.location.reload());
	cancel.addEventListener('click', () => {
		post('/oidc/cancel', { session_token: token, query: window.location.search })
			.then(({ ok, json }) => ok ? go(json) : offerRetry('This sign-in can no longer be used.'));
	});
	wait();
}());
