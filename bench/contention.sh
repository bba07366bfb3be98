#!/usr/bin/env bash
# Sign-ins under CPU contention (issue 25): BUSY_LOOPS busy loops take the cores first, then two fresh instances start on
# one embedded PostgreSQL, in webhook mode against a fake Bot API on loopback (bench/FakeBotApi.java). COUNT sign-ins,
# CONCURRENCY at a time (bench/Contention.java): generate on one instance, /start and the Confirm tap posted to the
# other's webhook (redelivered after a non-2xx answer, as Telegram does), verify long polls until confirmed. Prints
# "confirmed N/COUNT", the 5xx answers, webhook redeliveries, pool timeouts (hikaricp_connections_timeout_total) and
# lock waits (pg_locks sampled every 20 ms; PostgreSQL's log_lock_waits lines over 200 ms). Loud on purpose: it is a
# correctness figure, not a speed one. Everything it starts (busy loops included) is stopped at the end; nothing but
# 127.0.0.1 is contacted.
#
#   bench/contention.sh                       # builds the jar if needed
#   COUNT=200 CONCURRENCY=20 BUSY_LOOPS=3 POOL_SIZE=20 bench/contention.sh
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-200}
CONCURRENCY=${CONCURRENCY:-20}
BUSY_LOOPS=${BUSY_LOOPS:-3}
POOL_SIZE=${POOL_SIZE:-20}
SECRET=bench-webhook-secret
source bench/lib.sh
bench_init

for _ in $(seq 1 "$BUSY_LOOPS"); do
  (while :; do :; done) &
  loop_pids+=($!)
done
echo "$BUSY_LOOPS busy loops on $(nproc) cores"

FAKE_PORT=$(free_port)
"$JAVA" bench/FakeBotApi.java "$FAKE_PORT" >"$OUT/contention-fake-bot-api.log" 2>&1 &
bench_pids+=($!)
for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$FAKE_PORT") 2>/dev/null && break; sleep 0.5; done

telegram=(BONDIFY_TELEGRAM_MODE=webhook BONDIFY_TELEGRAM_BOT_TOKEN=123456:bench-token
  BONDIFY_TELEGRAM_BOT_USERNAME=bondify_bench_bot BONDIFY_TELEGRAM_WEBHOOK_SECRET=$SECRET
  BONDIFY_TELEGRAM_API_URL=http://127.0.0.1:$FAKE_PORT BONDIFY_DB_POOL_SIZE=$POOL_SIZE
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000)
# A fresh JVM on a starved host takes minutes to start: up to READY_SECONDS for each.
READY_SECONDS=${READY_SECONDS:-900}
ready() { # management URL, pid, log, what
  local until=$((SECONDS + READY_SECONDS))
  while ((SECONDS < until)); do
    curl -fsS -o /dev/null "$1/actuator/health/readiness" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "$4 stopped; see $3" >&2; exit 1; }
    sleep 1
  done
  echo "$4 was not ready after $READY_SECONDS s; see $3" >&2
  exit 1
}

echo "Starting $jar on port $PORT (log: $OUT/contention-a.log)"
start_app "$OUT/contention-a.log" "${telegram[@]}" -- -XX:MaxRAMPercentage=25
# The second instance starts as soon as the first one's PostgreSQL and key file exist (both JVMs start together,
# fresh, on the busy cores); it shares that database, so it reads the same encryption key file.
for _ in $(seq 1 "$READY_SECONDS"); do
  [ -s "$DATA/postgres/postmaster.pid" ] && [ -s "$DATA/postgres.password" ] && [ -s "$DATA/encryption.key" ] && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The application stopped; see $OUT/contention-a.log" >&2; exit 1; }
  sleep 1
done
sleep 2
database_access
OTHER_PORT=$(free_port)
OTHER_MANAGEMENT_PORT=$(free_port)
OTHER="http://127.0.0.1:$OTHER_PORT"
launch "$OUT/contention-b.log" "$OTHER_PORT" "$OTHER_MANAGEMENT_PORT" "$DATA/other" SPRING_DATASOURCE_URL="$PG_URL" \
  BONDIFY_ENCRYPTION_KEY_FILE="$DATA/encryption.key" "${telegram[@]}" -- -XX:MaxRAMPercentage=25
other_pid=$launched_pid
ready "$MANAGEMENT" "$app_pid" "$OUT/contention-a.log" "The application"
ready "http://127.0.0.1:$OTHER_MANAGEMENT_PORT" "$other_pid" "$OUT/contention-b.log" "The second instance"

# PostgreSQL logs every lock wait over 200 ms (the superuser's password is in the data directory).
super=$(sed -n 's/^superuser=//p' "$DATA/postgres.password")
SUPER_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres&password=$super"
"$JAVA" -cp "$DRIVER" bench/Sql.java "$SUPER_URL" "alter system set log_lock_waits = on;
  alter system set deadlock_timeout = '200ms'; select pg_reload_conf()" >/dev/null

PROJECT=proj_contention$(date +%s)
KEY=sk_live_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-30)
"$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" \
  "insert into projects (id, name, secret_key, secret_key_hash, sandbox, created_at)
   values ('$PROJECT', 'Contention', '$KEY', sha256(convert_to('$KEY', 'UTF8')), false, now())"

status=0
"$JAVA" -cp "$DRIVER" bench/Contention.java "$SUPER_URL" "$BASE" "$OTHER" "$PROJECT" "$SECRET" "$COUNT" \
  "$CONCURRENCY" || status=$?

timeouts() { curl -fsS "$1/actuator/prometheus" | awk '/^hikaricp_connections_timeout_total/ {s += $2} END {print s + 0}'; }
refusals() { curl -fsS "$1/actuator/prometheus" | awk '/^bondify_database_refusals_total/ {printf "%s ", $0}'; }
echo "pool timeouts: $(timeouts "$MANAGEMENT") + $(timeouts "http://127.0.0.1:$OTHER_MANAGEMENT_PORT")" \
  "(refusals: $(refusals "$MANAGEMENT")$(refusals "http://127.0.0.1:$OTHER_MANAGEMENT_PORT"))"
echo "PostgreSQL lock waits over 200 ms logged: $(cat "$OUT"/contention-a.log "$OUT"/contention-b.log \
  "$DATA"/postgres/log/* 2>/dev/null | grep -c 'still waiting for' || true)"
exit $status
