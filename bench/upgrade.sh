#!/usr/bin/env bash
# Upgrade benchmark on loopback: how long this build's new migrations take on a database that already holds
# SESSIONS sessions, and whether analytics after the upgrade equals the exact count. Starts OLD_JAR (a build of an
# earlier release) on its own embedded PostgreSQL, seeds the sessions as bench/analytics.sh does, stops it, starts
# this tree's jar on the same data directory and reads Flyway's per-migration lines from its log. While migrations
# run, session changes wait (the migrations lock the analytics tables): roll such a release out with all instances
# stopped. Nothing but 127.0.0.1 is contacted.
#
#   OLD_JAR=/path/to/bondify-old.jar bench/upgrade.sh
#   OLD_JAR=... SESSIONS=200000 bench/upgrade.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=${SESSIONS:-2000000}
[ -n "${OLD_JAR:-}" ] && [ -f "$OLD_JAR" ] || { echo "Set OLD_JAR to a jar of the earlier release" >&2; exit 1; }
source bench/lib.sh
new_jar=$(ls target/bondify-*.jar 2>/dev/null | head -1 || true)
[ -n "$new_jar" ] || { ./mvnw -q -B -DskipTests package; new_jar=$(ls target/bondify-*.jar | head -1); }
JAR=$OLD_JAR bench_init

echo "Starting the earlier release $jar (log: $OUT/upgrade-old.log)"
start_app "$OUT/upgrade-old.log" BONDIFY_DEMO_ENABLED=false -- -XX:MaxRAMPercentage=50
# An earlier release may not have the management port: ask the main port.
wait_ready "$BASE" "$app_pid" "$OUT/upgrade-old.log" "The earlier release"
json() { sed -E "s/.*\"$1\":(\"([^\"]+)\"|([0-9]+)).*/\2\3/"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }
DEV=$(post -d '{"email":"upgrade@example.com","password":"benchmark gravel orchid lantern"}' "$BASE/api/v1/dev/register" | json token)
AUTH="Authorization: Bearer $DEV"
SEEDED=$(post -H "$AUTH" -d '{"name":"Seeded","sandbox":true}' "$BASE/api/v1/dev/projects" | json id)
database_access
echo "Seeding $SESSIONS sessions over 100 days (60% used, 10% confirmed, 10% cancelled, 20% pending; 50k users)"
seed_sessions "$SEEDED" "$SESSIONS"
stop_pid "$app_pid"

echo "Starting this build $new_jar on the same data (log: $OUT/upgrade-new.log)"
jar=$new_jar
start=$(date +%s.%N)
start_app "$OUT/upgrade-new.log" BONDIFY_DEMO_ENABLED=false -- -XX:MaxRAMPercentage=50
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/upgrade-new.log" "This build"
ready=$(date +%s.%N)
database_access # the embedded PostgreSQL of this start may listen on another port
echo
echo "$(nproc) CPUs, $SESSIONS sessions before the upgrade"
grep -E 'Migrating schema|Successfully applied' "$OUT/upgrade-new.log" | sed -E 's/^([^ ]+) .* : /\1 /' || true
awk -v a="$start" -v b="$ready" 'BEGIN { printf "start of this build to readiness: %.1f s\n", b - a }'
answer=$(curl -fsS -H "$AUTH" "$BASE/api/v1/dev/analytics?days=90&project_id=$SEEDED")
exact=$("$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" "
  select count(distinct telegram_id) from auth_sessions
  where project_id = '$SEEDED' and status in ('confirmed', 'used')
    and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '89 days'")
echo "analytics?days=90 unique_users after the upgrade: $(echo "$answer" | grep -oE '"unique_users":[0-9]+' | head -1 | cut -d: -f2) (exact: $exact)"
