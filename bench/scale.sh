#!/usr/bin/env bash
# Scale benchmark on loopback (issue 25): starts the built jar with its embedded PostgreSQL, seeds SESSIONS sessions
# (10M by default) for one developer's project by SQL (seed_sessions: one INSERT ... SELECT generate_series), adds 6
# live pending sessions, then times with curl (median of 5 after 2 warm-ups) every developer route that reads the
# sessions: the session list unfiltered and with each status filter, analytics for 7 and 90 days, /dev/me, and a
# verify of another project; then DELETE of the seeded project (the answer, then how long the background purge takes
# until no session of it is left). Everything it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
#   bench/scale.sh
#   SESSIONS=200000 bench/scale.sh        # a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-10000000}
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

median() { # method url [body] -> "median-ms status"
  local method=$1 url=$2 body=${3:-} code
  for _ in 1 2; do curl -s -o /dev/null -X "$method" -H "$AUTH" "$url"; done
  code=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H "$AUTH" "$url")
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -X "$method" -H "$AUTH" "$url"; done \
    | sort -n | sed -n 3p | awk -v c="$code" '{ printf "%7.1f ms  HTTP %s", $1 * 1000, c }'
}
echo
echo "$(nproc) CPUs, $SESSIONS seeded sessions in one project; medians of 5 after 2 warm-ups"
printf '%-44s %s\n' "sessions (no filter)" "$(median GET "$BASE/api/v1/dev/sessions?project_id=$SEEDED")"
for status in pending confirmed expired cancelled used confirmed,used; do
  printf '%-44s %s\n' "sessions?status=$status" "$(median GET "$BASE/api/v1/dev/sessions?project_id=$SEEDED&status=$status")"
  printf '%-44s %s\n' "sessions?status=$status (all projects)" "$(median GET "$BASE/api/v1/dev/sessions?status=$status")"
done
printf '%-44s %s\n' "analytics?days=7" "$(median GET "$BASE/api/v1/dev/analytics?days=7")"
printf '%-44s %s\n' "analytics?days=90" "$(median GET "$BASE/api/v1/dev/analytics?days=90")"
printf '%-44s %s\n' "dev/me" "$(median GET "$BASE/api/v1/dev/me")"
verify=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
  -d "{\"project_id\":\"$OTHER\",\"session_token\":\"$TOKEN\"}" "$BASE/api/v1/verify/public"; done | sort -n | sed -n 3p)
printf '%-44s %7.1f ms\n' "verify (another project)" "$(awk -v s="$verify" 'BEGIN { print s * 1000 }')"

delete_start=$(date +%s.%N)
answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X DELETE -H "$AUTH" "$BASE/api/v1/dev/projects/$SEEDED")
printf '%-44s HTTP %s in %.1f ms\n' "DELETE project" "${answer% *}" "$(awk -v s="${answer#* }" 'BEGIN { print s * 1000 }')"
printf '%-44s %s\n' "GET the deleted project" "$(curl -s -o /dev/null -w 'HTTP %{http_code}' -H "$AUTH" "$BASE/api/v1/dev/projects/$SEEDED")"
while :; do
  left=$("$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" "select count(*) from project_purges where project_id = '$SEEDED'" | tail -1)
  [ "$left" = "0" ] && break
  sleep 2
done
printf '%-44s %.0f s\n' "background purge finished after" "$(awk -v a="$delete_start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
