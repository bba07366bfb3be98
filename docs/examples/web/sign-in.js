// "Sign in with Telegram" in a browser with plain fetch, no SDK. Your server answers POST /login/telegram
// (examples/node/login-server.mjs). Use: signIn({ onLink: (url) => showLinkAndQrCode(url) }).then(...)
const BONDIFY = 'https://auth.example.com'; // your Bondify base URL
const PROJECT_ID = 'proj_yourproject';

async function call(path, body) {
  const response = await fetch(BONDIFY + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${json.code}: ${json.error}`); // every error is {"error","code"}
  return json;
}

export async function signIn({ onLink }) {
  const { session_token, deeplink, expires_at } = await call('/api/v1/generate/public', { project_id: PROJECT_ID });
  onLink(deeplink); // show it as a link (and a QR code on desktop); it carries a link code, not the token
  while (Date.now() < expires_at) {
    // "wait" holds the answer until the user taps (up to 25 s) instead of polling every 2 s.
    const result = await call('/api/v1/verify/public', { project_id: PROJECT_ID, session_token, wait: 25 });
    if (result.status === 'confirmed') {
      // Send the proof to YOUR server, which checks it and starts its own session (examples/node/login-server.mjs).
      return fetch('/login/telegram', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ proof: result.proof }),
      });
    }
    // cancelled, expired, or used (the proof went to another poll more than BONDIFY_DELIVERY_GRACE ago)
    if (result.status !== 'pending') throw new Error(`Sign-in ${result.status}`);
  }
  throw new Error('Sign-in expired');
}
