#!/usr/bin/env bash
# Webhook fairness benchmark on loopback: starts the built jar with its embedded PostgreSQL, creates two sandbox
# projects by SQL whose webhook_url points at tiny receivers on 127.0.0.1 (one answers at once, one never answers),
# and measures the healthy project's webhook latency (sandbox confirm to the POST arriving) alone, then while the
# other project has a backlog of due deliveries at its hanging endpoint. Then times the rate limiter's upsert
# (bench/RateLimitCost.java, one JDBC connection) against `select 1` on the same database. Nothing but 127.0.0.1 is
# contacted.
#
#   bench/webhooks.sh                        # builds the jar if needed
#   SAMPLES=50 BACKLOG=200 CHECKS=20000 bench/webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SAMPLES=${SAMPLES:-30}
BACKLOG=${BACKLOG:-100}
OUT=target/bench
mkdir -p "$OUT"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' || { echo "Needs a JDK >= 21 (set JAVA_HOME)" >&2; exit 1; }

jar=$(ls target/bondify-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "${REBUILD:-}" ]; then
  ./mvnw -q -B -DskipTests package
  jar=$(ls target/bondify-*.jar | head -1)
fi

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

PORT=$(free_port)
DATA=$(mktemp -d /tmp/bondify-bench.XXXXXX)
BASE="http://127.0.0.1:$PORT"
app_pid=""

cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid"
    for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid"
  fi
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    pg_pid=$(head -1 "$DATA/postgres/postmaster.pid")
    kill -0 "$pg_pid" 2>/dev/null && kill -TERM "$pg_pid" && sleep 2
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "Starting $jar on port $PORT (log: $OUT/webhooks-app.log)"
SERVER_PORT=$PORT BONDIFY_DATA_DIR=$DATA BONDIFY_TELEGRAM_MODE=off \
  BONDIFY_WEBHOOKS_ALLOW_INSECURE=true BONDIFY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
  BONDIFY_RATE_LIMIT_GENERATE=1000000 \
  "$JAVA" -XX:MaxRAMPercentage=50 -jar "$jar" >"$OUT/webhooks-app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The application stopped; see $OUT/webhooks-app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$BASE/actuator/health/readiness"

pg_port=$(sed -n 4p "$DATA/postgres/postmaster.pid")
driver=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/postgresql-.*\.jar' | head -1)
unzip -o -q -j "$jar" "$driver" -d "$OUT"
"$JAVA" -cp "$OUT/$(basename "$driver")" bench/WebhookLatency.java "$BASE" \
  "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" "$SAMPLES" "$BACKLOG"
"$JAVA" -cp "$OUT/$(basename "$driver")" bench/RateLimitCost.java \
  "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" "${CHECKS:-5000}"
