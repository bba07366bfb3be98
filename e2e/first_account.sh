#!/usr/bin/env bash
# The first account of a server with registration closed, as docs/operations.md tells an operator to make it:
# a fresh jar with BONDIFY_REGISTRATION_OPEN=false, stopped; `developer create` against the same data directory
# (password piped in); the jar again; then a real browser signs the new developer in (first-account.test.mjs).
# Expects what e2e/run.sh prepared (chromium, node modules, the jar). Always stops the jar it started.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
jar=${JAR:-$(ls target/bondify-*.jar | grep -v -- '-plain' | head -n 1)}
mkdir -p target/e2e
log=target/e2e/first-account-server.log
: >"$log"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port=$(free_port)
base_url="http://127.0.0.1:$port"
data_dir=$(mktemp -d)
email="first-$(date +%s)@example.com"
password="tangerine viaduct morsel quilt"
server_pid=""

# The same environment for the server and the operator's commands: what the production recipe sets that matters.
settings=(-u SPRING_DATASOURCE_URL -u BONDIFY_PUBLIC_URL -u BONDIFY_TELEGRAM_BOT_TOKEN -u SPRING_MAIL_HOST
  SERVER_PORT="$port" BONDIFY_MANAGEMENT_PORT=-1 BONDIFY_DATA_DIR="$data_dir" BONDIFY_REGISTRATION_OPEN=false
  BONDIFY_DEMO_ENABLED=false)
bondify() {
  env "${settings[@]}" "$java_bin" -jar "$jar" "$@"
}

start() {
  # A simple command in the background, so $! is the JVM itself (env execs it) and stop() reaches it.
  env "${settings[@]}" "$java_bin" -jar "$jar" >>"$log" 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + ${START_TIMEOUT:-300}))
  until node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" \
      "$base_url/actuator/health/readiness"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "Bondify exited during start-up; see $log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "Bondify was not ready within ${START_TIMEOUT:-300} s; see $log" >&2
      exit 1
    fi
    sleep 1
  done
}

stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop; rm -rf "$data_dir"' EXIT

start
closed=$(node -e "fetch(process.argv[1]).then(r=>r.json()).then(j=>console.log(j.registration_open))" \
  "$base_url/dashboard/api/session")
[ "$closed" = "false" ] || { echo "registration should be closed, session says $closed" >&2; exit 1; }
stop

# The operator's command, against the same data directory; a weak password is refused with exit code 1.
if printf 'aaaaaaaaaaaa\n' | bondify developer create --email "$email" 2>target/e2e/first-account-weak.err; then
  echo "a weak password was accepted" >&2
  exit 1
fi
grep -q "passphrase" target/e2e/first-account-weak.err
printf '%s\n' "$password" | bondify developer create --email "$email" | tee target/e2e/first-account-create.out
grep -q "^Created developer dev_" target/e2e/first-account-create.out
bondify developer list </dev/null | grep -q "$email"

start
(cd e2e && BASE_URL="$base_url" FIRST_EMAIL="$email" FIRST_PASSWORD="$password" SCREENSHOT_DIR="../target/e2e" \
  node --test --test-reporter=spec first-account.test.mjs)
echo "First account: created by the operator command and signed in through the browser ($base_url)"
