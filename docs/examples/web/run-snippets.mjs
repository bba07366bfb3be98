// Runs the browser snippets exactly as the docs and the dashboard show them, in Node 18+, against a live Bondify:
// the plain-fetch block of docs/integration.md and the dashboard's frontend snippet. Each one signs in through a
// sandbox project and hands the proof to examples/node/login-server.mjs, as on your own site. Only the two settings
// (BONDIFY, PROJECT_ID) are filled in; fetch with a relative URL goes to the login server, as it would from a page
// that server serves; opening the Telegram link confirms it on the sandbox page, as a user would.
//   BONDIFY=http://localhost:8080 PROJECT_ID=proj_… SECRET_KEY=sk_… node run-snippets.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startLoginServer } from '../node/login-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { BONDIFY, PROJECT_ID, SECRET_KEY } = process.env;
const server = await startLoginServer({ bondify: BONDIFY, projectId: PROJECT_ID, secretKey: SECRET_KEY, port: 0 });
const site = `http://127.0.0.1:${server.address().port}`;
let failures = 0;

/** The page's fetch: relative URLs go to the site that served the page (the login server). */
const pageFetch = (url, options) => fetch(url.startsWith('/') ? site + url : url, options);

/** What the user does with the link: open it and press Confirm on the sandbox page. */
async function confirmAsUser(deeplink) {
  const page = await fetch(deeplink);
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const html = await page.text();
  const field = (name) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];
  const form = new URLSearchParams({ _csrf: field('_csrf'), start: field('start'), telegramId: '123456789',
    name: 'Alex Johnson', username: 'alexj' });
  const confirmed = await fetch(new URL('/sandbox/telegram/confirm', deeplink), { method: 'POST', body: form,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  if (confirmed.status >= 400) throw new Error('the sandbox page refused the confirmation: ' + confirmed.status);
}

function configure(code) {
  return code.replace(/const BONDIFY = '[^']*';/, `const BONDIFY = '${BONDIFY}';`)
    .replace(/const PROJECT_ID = '[^']*';/, `const PROJECT_ID = '${PROJECT_ID}';`);
}

async function run(name, code, start) {
  try {
    const factory = new Function('fetch', 'window', `${configure(code)}\nreturn ${start};`);
    const opened = [];
    const window = { open: (url) => opened.push(confirmAsUser(url)) };
    const signIn = factory(pageFetch, window);
    const result = await signIn(opened, (url) => opened.push(confirmAsUser(url)));
    await Promise.all(opened);
    const user = await result.json();
    if (result.status !== 200 || user.id !== '123456789' || user.name !== 'Alex Johnson') {
      throw new Error(`the login server answered ${result.status} ${JSON.stringify(user)}`);
    }
    console.log(`  ok    ${name}: signed in as ${user.name}`);
  } catch (error) {
    failures++;
    console.error(`  FAIL  ${name}: ${error.message}`);
  }
}

const guide = await readFile(here + '../../integration.md', 'utf8');
const block = guide.match(/### Any browser, plain `fetch`[\s\S]*?```js\n([\s\S]*?)```/)?.[1];
const file = await readFile(here + 'sign-in.js', 'utf8');
if (!block || block !== file) {
  failures++;
  console.error('  FAIL  docs/integration.md shows something else than examples/web/sign-in.js');
}
await run('docs/integration.md plain fetch', (block ?? file).replace(/^export /m, ''),
  '(opened, onLink) => signIn({ onLink })');

const { frontendSnippet } = await import('../../../src/main/resources/static/dashboard/js/snippets.js');
await run('dashboard frontend snippet', frontendSnippet(PROJECT_ID, BONDIFY), '() => signInWithTelegram()');

server.close();
process.exit(failures === 0 ? 0 : 1);
