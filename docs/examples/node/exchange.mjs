// On your server: turn Telegram sign-in data (Mini App initData, Login Widget fields or an id_token of
// Telegram's OpenID Connect login) into a Bondify proof with the secret key (Node 18+, no dependencies).
// Usage: BONDIFY_URL=https://auth.example.com PROJECT_ID=proj_… SECRET_KEY=sk_live_… \
//        node exchange.mjs webapp|widget|oidc '<data as JSON: a string, or the widget object>'
export async function exchange(type, data, { bondifyUrl, projectId, secretKey }) {
  const response = await fetch(bondifyUrl + '/api/v1/exchange', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + secretKey },
    body: JSON.stringify({ project_id: projectId, type, data }),
  });
  const body = await response.json();
  // 401: not signed by Telegram for your bot, or too old; 409 DATA_ALREADY_USED: a replay; 400: malformed.
  if (!response.ok) throw new Error(`${response.status} ${body.code}: ${body.error}`);
  return body; // {status:"confirmed", telegram_id, telegram_name, telegram_username, telegram_phone, confirmed_at, proof}
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [type, json] = process.argv.slice(2);
  try {
    const body = await exchange(type, JSON.parse(json), {
      bondifyUrl: process.env.BONDIFY_URL,
      projectId: process.env.PROJECT_ID,
      secretKey: process.env.SECRET_KEY,
    });
    console.log(JSON.stringify(body));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
