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
source bench/lib.sh
bench_init

echo "Starting $jar on port $PORT (log: $OUT/webhooks-app.log)"
start_app "$OUT/webhooks-app.log" BONDIFY_WEBHOOKS_ALLOW_INSECURE=true BONDIFY_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
  BONDIFY_RATE_LIMIT_GENERATE=1000000 -- -XX:MaxRAMPercentage=50
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/webhooks-app.log" "The application"

database_access
"$JAVA" -cp "$DRIVER" bench/WebhookLatency.java "$BASE" "$PG_URL" "$SAMPLES" "$BACKLOG"
"$JAVA" -cp "$DRIVER" bench/RateLimitCost.java "$PG_URL" "${CHECKS:-5000}"
