// Builds Telegram sign-in data signed with YOUR bot token, exactly as Telegram does, to test an exchange
// integration without a phone: Mini App initData (hash under HMAC-SHA256("WebAppData", token)) or Login
// Widget fields (hash under SHA-256(token)). Telegram's own Ed25519 "signature" cannot be made without
// Telegram's private key, so initData built here carries the hash only.
// Usage: BOT_TOKEN=123:AA… node sign-like-telegram.mjs webapp|widget <telegram user id> <first name> [username]
// Sources: https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
//          https://core.telegram.org/widgets/login#checking-authorization
import { createHash, createHmac, randomBytes } from 'node:crypto';

const dataCheckString = (fields) =>
  Object.keys(fields).sort().map((key) => `${key}=${fields[key]}`).join('\n');

export function initData(botToken, user, authDate = Math.floor(Date.now() / 1000)) {
  const fields = {
    query_id: 'AAH' + randomBytes(8).toString('hex'),
    user: JSON.stringify(user),
    auth_date: String(authDate),
  };
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  fields.hash = createHmac('sha256', secret).update(dataCheckString(fields)).digest('hex');
  // URLSearchParams writes a space as "+", which decodes the same way; Telegram writes %20.
  return new URLSearchParams(fields).toString();
}

export function widget(botToken, user, authDate = Math.floor(Date.now() / 1000)) {
  const fields = { ...user, auth_date: authDate };
  const strings = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]));
  const secret = createHash('sha256').update(botToken).digest();
  return { ...fields, hash: createHmac('sha256', secret).update(dataCheckString(strings)).digest('hex') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [type, id, firstName, username] = process.argv.slice(2);
  const token = process.env.BOT_TOKEN;
  if (!token || !['webapp', 'widget'].includes(type) || !id || !firstName) {
    console.error('Usage: BOT_TOKEN=… node sign-like-telegram.mjs webapp|widget <user id> <first name> [username]');
    process.exit(2);
  }
  const user = { id: Number(id), first_name: firstName, ...(username ? { username } : {}) };
  const data = type === 'webapp' ? initData(token, user) : widget(token, user);
  console.log(JSON.stringify(data));
}
