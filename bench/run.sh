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
source bench/lib.sh
need_wrk
bench_init

echo "Starting $jar on port $PORT (log: $OUT/app.log)"
start_app "$OUT/app.log" BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 \
  -- -XX:MaxRAMPercentage=50 ${JFR:+-XX:StartFlightRecording=filename=$OUT/app.jfr,dumponexit=true,settings=profile}
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/app.log" "The application"

database_access
PROJECT=proj_bench$(date +%s)
KEY=sk_test_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-30)
"$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" \
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

LATENCY_COUNT=${LATENCY_COUNT:-200}
latency() { # generate base, poll base, long|short
  "$JAVA" -cp "$DRIVER" bench/ConfirmLatency.java "$PG_URL" "$1" "$2" "$PROJECT" "$LATENCY_COUNT" "$3"
}
one_long=$(latency "$BASE" "$BASE" long)
one_short=$(latency "$BASE" "$BASE" short)

OTHER_PORT=$(free_port)
OTHER_MANAGEMENT_PORT=$(free_port)
OTHER="http://127.0.0.1:$OTHER_PORT"
# The second instance shares the first one's database, so it reads the same encryption key file.
launch "$OUT/other.log" "$OTHER_PORT" "$OTHER_MANAGEMENT_PORT" "$DATA/other" SPRING_DATASOURCE_URL="$PG_URL" \
  BONDIFY_ENCRYPTION_KEY_FILE="$DATA/encryption.key" BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 -- -XX:MaxRAMPercentage=25
wait_ready "http://127.0.0.1:$OTHER_MANAGEMENT_PORT" "$launched_pid" "$OUT/other.log" "The second instance"
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
