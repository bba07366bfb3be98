#!/usr/bin/env bash
# Runs the integration guide's examples against a live Bondify: one real sign-in through a sandbox project, then every
# proof checker on the real proof and the webhook signature check on a real signed body.
#   docs/examples/run.sh http://localhost:8080
# With BOT_TOKEN set to the bot token that Bondify runs with, it also exchanges Mini App initData and Login Widget
# fields signed with that token (node/sign-like-telegram.mjs) and checks the proofs.
# Needs curl and jq; each checker runs where its runtime is installed (node + npm, python3 with PyJWT, a JDK with the
# jjwt jars in ~/.m2, go) and is reported as skipped otherwise. Exits non-zero when a checker rejects the real proof
# or accepts a tampered one.
set -euo pipefail
BASE=${1:-http://localhost:8080}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0
ok() { echo "  ok    $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL  $1" >&2; failed=$((failed + 1)); }
skip() { echo "  skip  $1"; skipped=$((skipped + 1)); }
json() { curl -sS -H 'Content-Type: application/json' "$@"; }

echo "Signing in once through a sandbox project on $BASE"
email="examples-$(date +%s)-$RANDOM@example.com"
TOKEN=$(json "$BASE/api/v1/dev/register" -d "{\"email\":\"$email\",\"password\":\"examples gravel orchid lantern\"}" | jq -r .token)
PROJECT=$(json "$BASE/api/v1/dev/projects" -H "Authorization: Bearer $TOKEN" -d '{"name":"Docs examples","sandbox":true}')
PROJECT_ID=$(jq -r ".project_id // .id" <<<"$PROJECT"); SECRET_KEY=$(jq -r .secret_key <<<"$PROJECT")
SESSION=$(json "$BASE/api/v1/generate/public" -d "{\"project_id\":\"$PROJECT_ID\"}")
SESSION_TOKEN=$(jq -r .session_token <<<"$SESSION"); DEEPLINK=$(jq -r .deeplink <<<"$SESSION")
page=$(curl -sS -c "$work/cookies" "$DEEPLINK")
csrf=$(grep -o 'name="_csrf" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
start=$(grep -o 'name="start" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
curl -sS -b "$work/cookies" -o /dev/null "$BASE/sandbox/telegram/confirm" --data-urlencode "_csrf=$csrf" \
  --data-urlencode "start=$start" -d telegramId=123456789 --data-urlencode 'name=Alex Johnson' -d username=alexj
PROOF=$(json "$BASE/api/v1/verify/public" -d "{\"project_id\":\"$PROJECT_ID\",\"session_token\":\"$SESSION_TOKEN\"}" | jq -r .proof)
[ -n "$PROOF" ] && [ "$PROOF" != null ] || { echo "no proof came back" >&2; exit 1; }
# Change the first character of the signature: the last one can carry only padding bits, which some
# libraries ignore when they decode.
header_payload=${PROOF%.*}; signature=${PROOF##*.}
first=${signature:0:1}; [ "$first" = A ] && first=B || first=A
TAMPERED="$header_payload.$first${signature:1}"
export PROJECT_ID SECRET_KEY

check() { # name, command that checks $PROOF
  local name=$1; shift
  if PROOF=$PROOF "$@" >"$work/out" 2>&1 && grep -q 123456789 "$work/out"; then
    if PROOF=$TAMPERED "$@" >/dev/null 2>&1; then bad "$name accepted a tampered proof"; else ok "$name"; fi
  else
    bad "$name rejected the real proof: $(tail -3 "$work/out")"
  fi
}

echo "Proof checkers"
if command -v node >/dev/null && command -v npm >/dev/null; then
  (cd "$work" && npm init -y >/dev/null && npm i --silent --no-audit --no-fund jsonwebtoken@9 >/dev/null)
  cp "$here/node/check-proof.mjs" "$work/"
  check "Node (jsonwebtoken)" node "$work/check-proof.mjs"
else skip "Node: no node/npm"; fi

python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import jwt' 2>/dev/null; then python=$candidate; break; fi
done
if [ -n "$python" ]; then
  check "Python (PyJWT)" "$python" "$here/python/check_proof.py"
else skip "Python: no python3 with PyJWT (apt-get install python3-jwt)"; fi

jjwt=$(find ~/.m2/repository/io/jsonwebtoken ~/.m2/repository/com/fasterxml/jackson/core -name '*.jar' 2>/dev/null \
  | grep -E 'jjwt-(api|impl|jackson)-0\.1[23]|jackson-(core|databind|annotations)-2' | tr '\n' ':')
if command -v java >/dev/null && [ -n "$jjwt" ]; then
  check "Java (jjwt)" java -cp "$jjwt" "$here/java/CheckProof.java"
else skip "Java: no java or no jjwt jars in ~/.m2"; fi

if command -v go >/dev/null; then
  check "Go (standard library)" go run "$here/go/checkproof.go"
else skip "Go: no go toolchain"; fi

echo "Bondify's own check"
first=$(json "$BASE/api/v1/proof/verify" -H "Authorization: Bearer $SECRET_KEY" -d "{\"proof\":\"$PROOF\"}" -o /dev/null -w '%{http_code}')
second=$(json "$BASE/api/v1/proof/verify" -H "Authorization: Bearer $SECRET_KEY" -d "{\"proof\":\"$PROOF\"}" -o /dev/null -w '%{http_code}')
[ "$first/$second" = 200/409 ] && ok "POST /api/v1/proof/verify: 200, then 409 on replay" || bad "proof/verify answered $first then $second"

echo "Webhook signature"
if command -v node >/dev/null; then
  body='{"event":"auth.confirmed","project_id":"'"$PROJECT_ID"'","telegram_id":"123456789"}'
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$SECRET_KEY" -hex | sed 's/.*= //')
  verdict=$(cd "$here/node" && BODY="$body" SIG="$signature" node --input-type=module -e "
    import { isSignedByBondify } from './webhook-receiver.mjs';
    const good = isSignedByBondify(Buffer.from(process.env.BODY), process.env.SIG, process.env.SECRET_KEY);
    const forged = isSignedByBondify(Buffer.from(process.env.BODY + ' '), process.env.SIG, process.env.SECRET_KEY);
    console.log(good && !forged ? 'yes' : 'no');")
  [ "$verdict" = yes ] && ok "Node receiver: accepts the signed body, refuses a changed one" || bad "Node receiver signature check"
else skip "webhook receiver: no node"; fi

echo "Exchange: Mini App initData and Login Widget fields"
if [ -z "${BOT_TOKEN:-}" ]; then skip "exchange: set BOT_TOKEN to the bot token $BASE runs with"
elif ! command -v node >/dev/null; then skip "exchange: no node"
else
  LIVE=$(json "$BASE/api/v1/dev/projects" -H "Authorization: Bearer $TOKEN" -d '{"name":"Docs exchange"}')
  LIVE_ID=$(jq -r .id <<<"$LIVE"); LIVE_KEY=$(jq -r .secret_key <<<"$LIVE")
  initdata=$(BOT_TOKEN=$BOT_TOKEN node "$here/node/sign-like-telegram.mjs" webapp 123456789 Alex alexj)
  answer=$(json "$BASE/api/v1/exchange/public" -d "{\"project_id\":\"$LIVE_ID\",\"type\":\"webapp\",\"data\":$initdata}")
  if [ "$(jq -r .telegram_id <<<"$answer")" = 123456789 ]; then
    if [ -f "$work/check-proof.mjs" ]; then
      PROOF=$(jq -r .proof <<<"$answer") SECRET_KEY=$LIVE_KEY PROJECT_ID=$LIVE_ID node "$work/check-proof.mjs" \
        >/dev/null 2>&1 && ok "webapp: exchanged, proof checked by jsonwebtoken" || bad "webapp: proof rejected"
    else ok "webapp: exchanged (no npm: proof not checked)"; fi
  else bad "webapp: $answer"; fi
  replay=$(json "$BASE/api/v1/exchange/public" -o /dev/null -w '%{http_code}' \
    -d "{\"project_id\":\"$LIVE_ID\",\"type\":\"webapp\",\"data\":$initdata}")
  [ "$replay" = 409 ] && ok "webapp: the same initData again is 409" || bad "webapp replay answered $replay"
  widget=$(BOT_TOKEN=$BOT_TOKEN node "$here/node/sign-like-telegram.mjs" widget 123456789 Alex alexj)
  if out=$(BONDIFY_URL=$BASE PROJECT_ID=$LIVE_ID SECRET_KEY=$LIVE_KEY node "$here/node/exchange.mjs" widget "$widget") \
    && [ "$(jq -r .status <<<"$out")" = confirmed ]; then ok "widget: exchanged with the secret key (node/exchange.mjs)"
  else bad "widget: ${out:-refused}"; fi
  curl -sS -o /dev/null -X DELETE "$BASE/api/v1/dev/projects/$LIVE_ID" -H "Authorization: Bearer $TOKEN"
fi
echo "Browser snippets (docs/integration.md and the dashboard), with the example login server"
if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then
  if BONDIFY="$BASE" node "$here/web/run-snippets.mjs"; then ok "snippets sign in as shown"; else bad "a snippet does not run as shown"; fi
else skip "snippets: no node 18+"; fi

curl -sS -o /dev/null -X DELETE "$BASE/api/v1/dev/projects/$PROJECT_ID" -H "Authorization: Bearer $TOKEN"
echo "Examples: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
