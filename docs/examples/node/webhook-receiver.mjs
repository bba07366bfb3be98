// A Bondify webhook receiver with nothing but Node's standard library.
// Usage: SECRET_KEY=sk_live_… PORT=3001 node webhook-receiver.mjs
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

export function isSignedByBondify(rawBody, signatureHeader, secretKey) {
  // HMAC-SHA256 over the exact bytes received (never over re-serialised JSON), lowercase hex.
  const expected = createHmac('sha256', secretKey).update(rawBody).digest();
  const given = Buffer.from(String(signatureHeader ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const seen = new Set(); // use your database: X-Bondify-Delivery is stable across retries

if (import.meta.url === `file://${process.argv[1]}`) {
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!isSignedByBondify(raw, req.headers['x-bondify-signature'], process.env.SECRET_KEY)) {
        res.writeHead(401).end();
        return;
      }
      const delivery = req.headers['x-bondify-delivery'];
      if (!seen.has(delivery)) {
        seen.add(delivery);
        const event = JSON.parse(raw.toString('utf8'));
        console.log(event.event, event.telegram_id ?? '', event.session_token ?? '');
      }
      res.writeHead(200).end(); // any 2xx within 10 s; otherwise Bondify retries
    });
  }).listen(Number(process.env.PORT ?? 3001), '127.0.0.1');
}
