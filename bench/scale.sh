#!/usr/bin/env bash
# Scale benchmark on loopback (issue 25): starts the built jar with its embedded PostgreSQL, seeds SESSIONS sessions
# (10M by default) for one developer's project by SQL (seed_sessions: one INSERT ... SELECT generate_series), adds 6
# live pending sessions, then times with curl (median of 5 after 2 warm-ups) every developer route that reads the
# sessions: the session list unfiltered and with each status filter, analytics for 7 and 90 days, /dev/me, and a
# verify of another project; then DELETE of the seeded project (the answer, then how long the background purge takes
# until no session of it is left). Everything it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
# Ends with "each route < 1 s: yes" (or no, naming the slowest), the delete's answer included.
#
#   bench/scale.sh
#   SCALE=1000000 bench/scale.sh          # a smaller run (SESSIONS= works too)
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SCALE:-${SESSIONS:-10000000}}
source bench/lib.sh
bench_init

echo "Starting $jar on port $PORT (log: $OUT/scale-app.log)"
start_app "$OUT/scale-app.log" BONDIFY_DEMO_ENABLED=false \
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 -- -XX:MaxRAMPercentage=50
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/scale-app.log" "The application"

json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }
DEV=$(post -d "{\"email\":\"bench$(date +%s)@example.com\",\"password\":\"benchmark gravel orchid lantern\"}" "$BASE/api/v1/dev/register" | json token)
AUTH="Authorization: Bearer $DEV"
SEEDED=$(post -H "$AUTH" -d '{"name":"Seeded","sandbox":true}' "$BASE/api/v1/dev/projects" | json id)
OTHER=$(post -H "$AUTH" -d '{"name":"Other","sandbox":true}' "$BASE/api/v1/dev/projects" | json id)
TOKEN=$(post -d "{\"project_id\":\"$OTHER\"}" "$BASE/api/v1/generate/public" | json session_token)

database_access
echo "Seeding $SESSIONS sessions over 100 days"
seed_start=$(date +%s.%N)
seed_sessions "$SEEDED" "$SESSIONS"
echo "Seeded in $(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
for _ in 1 2 3 4 5 6; do post -d "{\"project_id\":\"$SEEDED\"}" "$BASE/api/v1/generate/public" >/dev/null; done

slowest=0
slowest_route=""
row() { # label method url: prints "label  median-ms  HTTP status" (median of 5 after 2 warm-ups); keeps the slowest
  local label=$1 method=$2 url=$3 code ms
  for _ in 1 2; do curl -s -o /dev/null -X "$method" -H "$AUTH" "$url"; done
  code=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H "$AUTH" "$url")
  ms=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -X "$method" -H "$AUTH" "$url"; done \
    | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')
  printf '%-44s %7s ms  HTTP %s\n' "$label" "$ms" "$code"
  slower "$label" "$ms"
  [ "$code" = 200 ] || { slowest=999999; slowest_route="$label (HTTP $code)"; }
}
slower() { # label ms
  if awk -v a="$2" -v b="$slowest" 'BEGIN { exit !(a > b) }'; then slowest=$2; slowest_route=$1; fi
}
echo
echo "$(nproc) CPUs, $SESSIONS seeded sessions in one project; medians of 5 after 2 warm-ups"
row "sessions (no filter)" GET "$BASE/api/v1/dev/sessions?project_id=$SEEDED"
for status in pending confirmed expired cancelled used confirmed,used; do
  row "sessions?status=$status" GET "$BASE/api/v1/dev/sessions?project_id=$SEEDED&status=$status"
  row "sessions?status=$status (all projects)" GET "$BASE/api/v1/dev/sessions?status=$status"
done
row "analytics?days=7" GET "$BASE/api/v1/dev/analytics?days=7"
row "analytics?days=90" GET "$BASE/api/v1/dev/analytics?days=90"
row "dev/me" GET "$BASE/api/v1/dev/me"
verify=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
  -d "{\"project_id\":\"$OTHER\",\"session_token\":\"$TOKEN\"}" "$BASE/api/v1/verify/public"; done | sort -n | sed -n 3p)
verify=$(awk -v s="$verify" 'BEGIN { printf "%.1f", s * 1000 }')
printf '%-44s %7s ms\n' "verify (another project)" "$verify"
slower "verify (another project)" "$verify"

delete_start=$(date +%s.%N)
answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X DELETE -H "$AUTH" "$BASE/api/v1/dev/projects/$SEEDED")
deleted=$(awk -v s="${answer#* }" 'BEGIN { printf "%.1f", s * 1000 }')
printf '%-44s %7s ms  HTTP %s\n' "DELETE project (the answer)" "$deleted" "${answer% *}"
slower "DELETE project" "$deleted"
case ${answer% *} in 2??) ;; *) slowest=999999; slowest_route="DELETE project (HTTP ${answer% *})" ;; esac
printf '%-44s %s\n' "GET the deleted project" "$(curl -s -o /dev/null -w 'HTTP %{http_code}' -H "$AUTH" "$BASE/api/v1/dev/projects/$SEEDED")"
purge_deadline=$((SECONDS + ${PURGE_WAIT:-1800}))
left=1
while [ "$SECONDS" -lt "$purge_deadline" ]; do
  left=$("$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" "select count(*) from project_purges where project_id = '$SEEDED'" | tail -1)
  [ "$left" = "0" ] && break
  sleep 2
done
purge=$(awk -v a="$delete_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
if [ "$left" = 0 ]; then
  printf '%-44s %s s\n' "background purge finished after" "$purge"
else
  printf '%-44s %s s (PURGE_WAIT)\n' "background purge still running after" "$purge"
fi
if awk -v s="$slowest" 'BEGIN { exit !(s < 1000) }'; then
  echo "each route < 1 s: yes (slowest: $slowest_route, $slowest ms)"
else
  echo "each route < 1 s: NO (slowest: $slowest_route, $slowest ms)"
fi
