// The integration snippets with the project's id (and this server's address) filled in.
import { el, copyButton } from './dom.js';

export function frontendSnippet(projectId, base) {
	return `// In the browser: start a sign-in, send the user to Telegram, wait for the answer.
const BONDIFY = '${base}';
const PROJECT_ID = '${projectId}';

async function signInWithTelegram() {
  const call = (path, body) => fetch(BONDIFY + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then((response) => response.json());

  const { session_token, deeplink } = await call('/api/v1/generate/public', { project_id: PROJECT_ID });
  window.open(deeplink, '_blank'); // or show it as a QR code

  for (;;) {
    const result = await call('/api/v1/verify/public', { project_id: PROJECT_ID, session_token });
    if (result.status === 'confirmed') {
      // Hand the proof to your server (POST /login/telegram), which checks it with the secret key.
      return fetch('/login/telegram', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ proof: result.proof }),
      });
    }
    if (result.status !== 'pending') throw new Error('Sign-in ' + result.status);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}`;
}

export function backendSnippet(projectId, base) {
	return `// On your server (Node 18+): check the proof once, with the secret key. Never ship the key to browsers.
const BONDIFY = '${base}';
const PROJECT_ID = '${projectId}';

export async function telegramUserFromProof(proof) {
  const response = await fetch(BONDIFY + '/api/v1/proof/verify', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: 'Bearer ' + process.env.BONDIFY_SECRET_KEY, // sk_… of ${projectId}
    },
    body: JSON.stringify({ proof }),
  });
  if (!response.ok) return null; // 401: forged or expired, 409: already used
  const { claims } = await response.json();
  if (claims.project_id !== PROJECT_ID) return null;
  return { id: claims.telegram_id, name: claims.telegram_name, username: claims.telegram_username };
}`;
}

export function miniAppSnippet(projectId, base) {
	return `// Inside a Telegram Mini App: no deeplink, no waiting. Telegram already signed who the user is.
// <script src="https://telegram.org/js/telegram-web-app.js"></script>
const BONDIFY = '${base}';
const PROJECT_ID = '${projectId}';

async function signInFromMiniApp() {
  const response = await fetch(BONDIFY + '/api/v1/exchange/public', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // The raw initData string, never initDataUnsafe: Bondify checks Telegram's signature on it.
    body: JSON.stringify({ project_id: PROJECT_ID, type: 'webapp', data: Telegram.WebApp.initData }),
  });
  const result = await response.json();
  if (!response.ok) throw new Error(result.code + ': ' + result.error); // 401 bad or old data, 409 used
  // The same confirmed answer as a bot sign-in: hand the proof to your backend.
  return fetch('/api/login', { method: 'POST', body: JSON.stringify({ proof: result.proof }) });
}`;
}

export function snippetPanel(project) {
	const base = location.origin;
	const panel = (key, title, code) => {
		const pre = el('pre', { class: 'code', id: 'snippet-' + key + '-code', tabindex: '0', 'aria-label': title + ' example' }, el('code', {}, code));
		return el('section', { class: 'snippet', 'aria-labelledby': 'snippet-' + key },
			el('div', { class: 'snippet-header' }, el('h3', { id: 'snippet-' + key }, title), copyButton(code, title + ' snippet', pre)),
			pre);
	};
	return el('section', { class: 'card snippets', 'aria-labelledby': 'snippets-title' },
		el('h2', { id: 'snippets-title' }, 'Add it to your app'),
		el('p', { class: 'muted' }, 'The project id is public and belongs in the browser; the secret key stays on your server.'),
		el('div', { class: 'snippet-grid' },
			panel('frontend', 'Frontend', frontendSnippet(project.id, base)),
			panel('backend', 'Backend', backendSnippet(project.id, base)),
			panel('mini-app', 'Mini App', miniAppSnippet(project.id, base))));
}
