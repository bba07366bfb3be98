#!/usr/bin/env bash
# Analytics benchmark on loopback (issue 12): starts the built jar with its embedded PostgreSQL, seeds 2M sessions
# for one developer's project in a single INSERT ... SELECT generate_series statement (the analytics counters are
# filled by the same statement's trigger), then measures:
#   - GET /api/v1/dev/analytics?days=7 and ?days=90 with curl (median of 5 after 2 warm-ups);
#   - POST /api/v1/verify/public of another project with wrk, alone and while 24 concurrent analytics?days=90
#     loops of the same developer run (ratio to alone; the loops' status codes are counted: 200 and 429).
# Everything it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
#   bench/analytics.sh
#   SESSIONS=2000000 DURATION=15s WARMUP=30s bench/analytics.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-2000000}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
source bench/lib.sh
need_wrk
bench_init

echo "Starting $jar on port $PORT (log: $OUT/analytics-app.log)"
start_app "$OUT/analytics-app.log" BONDIFY_DEMO_ENABLED=false \
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 -- -XX:MaxRAMPercentage=50
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/analytics-app.log" "The application"

json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }
DEV=$(post -d "{\"email\":\"bench$(date +%s)@example.com\",\"password\":\"benchmark gravel orchid lantern\"}" "$BASE/api/v1/dev/register" | json token)
AUTH="Authorization: Bearer $DEV"
SEEDED=$(post -H "$AUTH" -d '{"name":"Seeded","sandbox":true}' "$BASE/api/v1/dev/projects" | json id)
OTHER=$(post -H "$AUTH" -d '{"name":"Other","sandbox":true}' "$BASE/api/v1/dev/projects" | json id)
TOKEN=$(post -d "{\"project_id\":\"$OTHER\"}" "$BASE/api/v1/generate/public" | json session_token)
export BENCH_PROJECT=$OTHER BENCH_TOKEN=$TOKEN

database_access
echo "Seeding $SESSIONS sessions over 100 days (60% used, 10% confirmed, 10% cancelled, 20% pending; 50k users)"
seed_start=$(date +%s.%N)
seed_sessions "$SEEDED" "$SESSIONS"
echo "Seeded in $(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

time_analytics() { # days -> median seconds of 5
  local days=$1
  for _ in 1 2; do curl -fsS -o /dev/null -H "$AUTH" "$BASE/api/v1/dev/analytics?days=$days"; done
  for _ in 1 2 3 4 5; do curl -fsS -o /dev/null -w '%{time_total}\n' -H "$AUTH" "$BASE/api/v1/dev/analytics?days=$days"; done \
    | sort -n | sed -n 3p
}
a7=$(time_analytics 7)
a90=$(time_analytics 90)
curl -fsS -H "$AUTH" "$BASE/api/v1/dev/analytics?days=90" | head -c 300 >"$OUT/analytics-90.json"

wrk_verify() { # name
  wrk -t"$THREADS" -c"$CONNECTIONS" --latency -s bench/verify.lua -d"$DURATION" "$BASE/api/v1/verify/public" >"$OUT/$1.txt"
}
wrk -t"$THREADS" -c"$CONNECTIONS" -s bench/verify.lua -d"$WARMUP" "$BASE/api/v1/verify/public" >/dev/null
wrk_verify verify-alone

: >"$OUT/analytics-codes.txt"
for _ in $(seq 1 24); do
  ( while :; do curl -s -o /dev/null -w '%{http_code}\n' -H "$AUTH" "$BASE/api/v1/dev/analytics?days=90" >>"$OUT/analytics-codes.txt"; done ) &
  loop_pids+=($!)
done
wrk_verify verify-under-analytics
for pid in "${loop_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
loop_pids=()

rps() { awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$OUT/$1.txt"; }
alone=$(rps verify-alone); under=$(rps verify-under-analytics)
echo
echo "$(nproc) CPUs, $SESSIONS seeded sessions; wrk -t$THREADS -c$CONNECTIONS -d$DURATION over loopback"
printf 'analytics?days=7   median %6.0f ms\n' "$(awk -v s="$a7" 'BEGIN { print s * 1000 }')"
printf 'analytics?days=90  median %6.0f ms\n' "$(awk -v s="$a90" 'BEGIN { print s * 1000 }')"
printf 'verify alone                  %8.0f req/s  non-2xx: %s\n' "$alone" "$(non2xx verify-alone)"
printf 'verify + 24 analytics loops   %8.0f req/s  non-2xx: %s  ratio %.2f\n' "$under" "$(non2xx verify-under-analytics)" \
  "$(awk -v a="$under" -v b="$alone" 'BEGIN { print a / b }')"
echo "analytics loop answers: $(sort "$OUT/analytics-codes.txt" | uniq -c | tr -s ' ' | tr '\n' ';')"
