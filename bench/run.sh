#!/usr/bin/env bash
# Load benchmark on loopback: starts the built jar with its embedded PostgreSQL on a free port, creates a sandbox
# project by SQL, and runs wrk against GET /actuator/health/liveness (baseline), POST /api/v1/generate/public and
# POST /api/v1/verify/public (a pending session: the clients' polling loop). Prints req/s and p99 latency, also as
# ratios to the baseline. Then the confirm-to-app latency (bench/ConfirmLatency.java: commit of the confirm to the
# confirmed answer, by long poll and by a tight short-poll loop) on one instance and across two (a second jar on the
# same database). Everything it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
#   bench/run.sh                      # builds the jar if needed
#   DURATION=10s WARMUP=60s THREADS=2 CONNECTIONS=32 bench/run.sh
#   JFR=1 bench/run.sh                # also records target/bench/app.jfr (jfr print --events jdk.ExecutionSample)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
# On 2 cores the JIT needs about a minute of load per code path before a Spring application is warm (5 s warm-ups
# measured cold code at a fifth of the warm rate); measure warm code only.
WARMUP=${WARMUP:-60s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
OUT=target/bench
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
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
other_pid=""

cleanup() {
  if [ -n "$other_pid" ] && kill -0 "$other_pid" 2>/dev/null; then
    kill -TERM "$other_pid"
    for _ in $(seq 1 60); do kill -0 "$other_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$other_pid" 2>/dev/null && kill -KILL "$other_pid"
  fi
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid"
    for _ in $(seq 1 60); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid"
  fi
  # The embedded PostgreSQL stops with the application; make sure of it before deleting its files.
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    pg_pid=$(head -1 "$DATA/postgres/postmaster.pid")
    kill -0 "$pg_pid" 2>/dev/null && kill -TERM "$pg_pid" && sleep 2
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "Starting $jar on port $PORT (log: $OUT/app.log)"
SERVER_PORT=$PORT BONDIFY_DATA_DIR=$DATA BONDIFY_TELEGRAM_MODE=off \
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 \
  "$JAVA" -XX:MaxRAMPercentage=50 ${JFR:+-XX:StartFlightRecording=filename=$OUT/app.jfr,dumponexit=true,settings=profile} \
  -jar "$jar" >"$OUT/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The application stopped; see $OUT/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$BASE/actuator/health/readiness"

pg_port=$(sed -n 4p "$DATA/postgres/postmaster.pid")
driver=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/postgresql-.*\.jar' | head -1)
unzip -o -q -j "$jar" "$driver" -d "$OUT"
PROJECT=proj_bench$(date +%s)
KEY=sk_test_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-30)
"$JAVA" -cp "$OUT/$(basename "$driver")" bench/Sql.java "jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" \
  "insert into projects (id, name, secret_key, secret_key_hash, sandbox, created_at)
   values ('$PROJECT', 'Benchmark', '$KEY', sha256(convert_to('$KEY', 'UTF8')), true, now())"
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"project_id\":\"$PROJECT\"}" "$BASE/api/v1/generate/public" \
  | sed -E 's/.*"session_token":"([^"]+)".*/\1/')
export BENCH_PROJECT=$PROJECT BENCH_TOKEN=$TOKEN

run() { # name, path, [script]
  local name=$1 path=$2 script=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  wrk "${args[@]}" -d"$WARMUP" "$BASE$path" >/dev/null
  wrk "${args[@]}" -d"$DURATION" "$BASE$path" >"$OUT/$name.txt"
}

run liveness /actuator/health/liveness
run generate /api/v1/generate/public bench/generate.lua
run verify /api/v1/verify/public bench/verify.lua
# Latency below saturation: two connections instead of CONNECTIONS (wrk cannot fix a rate; the req/s it reached is
# printed next to the saturated figure).
wrk -t1 -c2 -d"$DURATION" --latency -s bench/verify.lua "$BASE/api/v1/verify/public" >"$OUT/verify-light.txt"

PG_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres"
LATENCY_COUNT=${LATENCY_COUNT:-200}
latency() { # generate base, poll base, long|short
  "$JAVA" -cp "$OUT/$(basename "$driver")" bench/ConfirmLatency.java "$PG_URL" "$1" "$2" "$PROJECT" "$LATENCY_COUNT" "$3"
}
one_long=$(latency "$BASE" "$BASE" long)
one_short=$(latency "$BASE" "$BASE" short)

OTHER_PORT=$(free_port)
OTHER="http://127.0.0.1:$OTHER_PORT"
SERVER_PORT=$OTHER_PORT BONDIFY_DATA_DIR=$DATA/other SPRING_DATASOURCE_URL="$PG_URL" BONDIFY_TELEGRAM_MODE=off \
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 \
  "$JAVA" -XX:MaxRAMPercentage=25 -jar "$jar" >"$OUT/other.log" 2>&1 &
other_pid=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$OTHER/actuator/health/readiness" 2>/dev/null && break
  kill -0 "$other_pid" 2>/dev/null || { echo "The second instance stopped; see $OUT/other.log" >&2; exit 1; }
  sleep 0.5
done
two_long=$(latency "$BASE" "$OTHER" long)
two_short=$(latency "$BASE" "$OTHER" short)

rps() { awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt"; }
p99() { # in ms
  awk '$1 == "99%" { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v=v*1000 } printf "%.2f", v }' "$OUT/$1.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
errors() { grep -E 'Non-2xx|Socket errors' "$OUT/$1.txt" | tr -s ' ' || true; }

base_rps=$(rps liveness); base_p99=$(p99 liveness)
echo
echo "$(nproc) CPUs, $(uname -m), $("$JAVA" -version 2>&1 | head -1); wrk -t$THREADS -c$CONNECTIONS -d$DURATION on the same machine over loopback, after a $WARMUP warm-up"
printf '%-34s %10s %8s %10s %8s\n' endpoint req/s ratio "p99 ms" ratio
for name in liveness generate verify; do
  case $name in
    liveness) label="GET /actuator/health/liveness" ;;
    generate) label="POST /api/v1/generate/public" ;;
    verify) label="POST /api/v1/verify/public" ;;
  esac
  r=$(rps $name); l=$(p99 $name)
  printf '%-34s %10.0f %8s %10.2f %8s\n' "$label" "$r" "$(ratio "$r" "$base_rps")" "$l" "$(ratio "$l" "$base_p99")"
  errors $name
done
r=$(rps verify-light); l=$(p99 verify-light)
printf '%-34s %10.0f %8s %10.2f %8s\n' "verify, 2 connections" "$r" "$(ratio "$r" "$base_rps")" "$l" "$(ratio "$l" "$base_p99")"
echo
echo "Confirm commit -> confirmed answer, ms (p50 p99 max over $LATENCY_COUNT sign-ins)"
printf '%-44s %s\n' "long poll, one instance" "$one_long" "short polls in a loop, one instance" "$one_short" \
  "long poll on the other instance" "$two_long" "short polls on the other instance" "$two_short"
echo "(raw wrk output in $OUT/)"
