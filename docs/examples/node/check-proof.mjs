// Checks a Bondify proof on your server with jsonwebtoken (npm i jsonwebtoken).
// Usage: PROOF=eyJ… SECRET_KEY=sk_live_… PROJECT_ID=proj_… node check-proof.mjs
import jwt from 'jsonwebtoken';

export function checkProof(proof, { secretKey, projectId, issuer = 'bondify' }) {
  // The key is the UTF-8 bytes of the whole secret key string, prefix included.
  // Pin the algorithm, the issuer and the audience (= your project id): never let the token choose.
  const claims = jwt.verify(proof, secretKey, { algorithms: ['HS256'], issuer, audience: projectId });
  return {
    telegramId: claims.telegram_id, // a string
    name: claims.telegram_name,
    username: claims.telegram_username, // string or null
    phone: claims.telegram_phone, // string or null
    proofId: claims.jti, // store it to accept each proof once
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const user = checkProof(process.env.PROOF, {
    secretKey: process.env.SECRET_KEY,
    projectId: process.env.PROJECT_ID,
  });
  console.log(JSON.stringify(user));
}
