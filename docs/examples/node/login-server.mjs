// Your server's side of "Sign in with Telegram" (Node 18+, no dependencies): POST /login/telegram receives the proof
// the browser got from Bondify (examples/web/sign-in.js), checks it with Bondify using the secret key (which also
// refuses a replay), and starts a session of your own.
//   BONDIFY=http://localhost:8080 PROJECT_ID=proj_… SECRET_KEY=sk_… PORT=3000 node login-server.mjs
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export function startLoginServer({ bondify, projectId, secretKey, port = 3000, host = '127.0.0.1' }) {
  const sessions = new Map(); // your own sessions: session id -> user (use your framework's session store)
  const server = createServer(async (request, response) => {
    const answer = (status, body, headers = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    try {
      if (request.method !== 'POST' || request.url !== '/login/telegram') return answer(404, { error: 'Not found' });
      if (!(request.headers['content-type'] || '').startsWith('application/json')) {
        return answer(415, { error: 'Send the proof as JSON' });
      }
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      const { proof } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (typeof proof !== 'string') return answer(400, { error: 'No proof' });

      const check = await fetch(bondify + '/api/v1/proof/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + secretKey },
        body: JSON.stringify({ proof }),
      });
      if (!check.ok) return answer(401, { error: 'Sign-in refused' }); // 401 forged or expired, 409 already used
      const { claims } = await check.json();
      if (claims.project_id !== projectId) return answer(401, { error: 'Sign-in refused' });

      const user = { id: claims.telegram_id, name: claims.telegram_name, username: claims.telegram_username };
      const sessionId = randomBytes(32).toString('base64url');
      sessions.set(sessionId, user);
      return answer(200, user, { 'Set-Cookie': `session=${sessionId}; HttpOnly; Secure; SameSite=Lax; Path=/` });
    } catch (error) {
      return answer(500, { error: 'Login failed' });
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startLoginServer({
    bondify: process.env.BONDIFY ?? 'http://localhost:8080',
    projectId: process.env.PROJECT_ID,
    secretKey: process.env.SECRET_KEY,
    port: Number(process.env.PORT ?? 3000),
  });
  console.log(`Login server on http://127.0.0.1:${server.address().port}/login/telegram`);
}
