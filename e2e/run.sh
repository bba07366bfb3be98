#!/usr/bin/env bash
# Real-browser test: installs what it needs (Debian chromium, playwright-core), starts the built jar on a free port
# with a throw-away data directory, runs the browser tests (e2e/*.test.mjs) against it, and always stops the jar.
# Screenshots and the server log end up in target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

# The emoji font only makes the screenshots show ✅/❌ as a user's browser would.
if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then
  : # a browser was named (e.g. the GitHub runner's Chrome): use it as it is
elif ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji
  elif ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is missing: sudo apt-get install -y chromium fonts-noto-color-emoji" >&2
    exit 1
  fi
fi
if ! command -v jq >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
jar=$(ls target/bondify-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q package -DskipTests
  jar=$(ls target/bondify-*.jar | grep -v -- '-plain' | head -n 1)
fi

# The Spring Boot relying party of the integration guide (docs/examples/spring-boot), run by spring-rp.test.mjs as
# its own JVM; built every time so that the test runs the example as it is in the tree.
./mvnw -B -q -f docs/examples/spring-boot/pom.xml package -DskipTests
rp_jar=$(ls docs/examples/spring-boot/target/telegram-signin-*.jar | head -n 1)

mkdir -p target/e2e
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port=$(free_port)
management_port=$(free_port)
data_dir=$(mktemp -d)
base_url="http://127.0.0.1:$port"

# The embedded database, the demo on, no bot, nothing inherited that could point the jar elsewhere.
# The dashboard test's webhook receiver listens on http://127.0.0.1, so such targets are allowed here. Every request
# comes from 127.0.0.1, so the rate limits are raised: the hostile run below should reach validation, not 429s.
# Device-grant polling every second instead of five keeps oidc-device.test.mjs short.
env -u SPRING_DATASOURCE_URL -u BONDIFY_PUBLIC_URL -u BONDIFY_TELEGRAM_BOT_TOKEN \
  SERVER_PORT="$port" BONDIFY_MANAGEMENT_PORT="$management_port" BONDIFY_DATA_DIR="$data_dir" BONDIFY_DEMO_ENABLED=true BONDIFY_SANDBOX_ENABLED=true \
  BONDIFY_WEBHOOKS_ALLOW_INSECURE=true BONDIFY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
  BONDIFY_RATE_LIMIT_GENERATE=100000 BONDIFY_RATE_LIMIT_VERIFY=100000 BONDIFY_RATE_LIMIT_LOGIN=100000 \
  BONDIFY_RATE_LIMIT_LOGIN_IP=100000 BONDIFY_OIDC_DEVICE_POLL_INTERVAL=PT1S \
  "$java_bin" -jar "$jar" >target/e2e/server.log 2>&1 &
server_pid=$!

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap stop_server EXIT

# Readiness as an orchestrator asks it: on the management port.
ready_url="http://127.0.0.1:$management_port/actuator/health/readiness"
deadline=$((SECONDS + 180))
until node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$ready_url"; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "Bondify exited during start-up; see target/e2e/server.log" >&2
    tail -n 40 target/e2e/server.log >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "Bondify was not ready within 180 s; see target/e2e/server.log" >&2
    exit 1
  fi
  sleep 1
done
echo "Bondify ready at $base_url ($jar)"

# The OpenID Connect relying parties (openid-client's code and device flows; the Spring Boot example's oauth2Login)
# sign in through the same sign-in page and sandbox page in Chromium.
(cd e2e && BASE_URL="$base_url" SCREENSHOT_DIR="../target/e2e" SPRING_RP_JAR="../$rp_jar" JAVA="$java_bin" \
  node --test --test-concurrency=1 --test-reporter=spec demo.test.mjs dashboard.test.mjs oidc.test.mjs \
  oidc-device.test.mjs spring-rp.test.mjs)
echo "Screenshots: $(ls target/e2e/*.png | tr '\n' ' ')"

# The first account of a server with registration closed: operator command, then a browser sign-in (its own jar
# runs, on its own data directory).
JAR="$jar" e2e/first_account.sh

# The README's curl walk-through, command by command, against the same jar: fails when a command or its shown output
# drifts from what the service answers.
python3 e2e/readme_walkthrough.py "$base_url"

# The integration guide's examples (proof checkers in Node, Python, Java and Go; the webhook receiver) on a real proof.
# PyJWT and Go come from Debian where this script may install; each checker without its runtime is reported skipped.
if [ "$(id -u)" = 0 ] && ! /usr/bin/python3 -c 'import jwt' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jwt >/dev/null 2>&1 || true
fi
docs/examples/run.sh "$base_url"

# 3000 generated hostile requests over every route of the jar's OpenAPI description: fails on any 5xx but 503 and on
# any error that is not the JSON of the contract.
python3 e2e/hostile_run.py "$base_url" --count 3000 --seed "${HOSTILE_SEED:-1}"
