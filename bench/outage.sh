#!/usr/bin/env bash
# Database outage benchmark on loopback (issue 12): starts the built jar with its embedded PostgreSQL, creates a
# developer and a sandbox project, warms the routes up, then stops PostgreSQL (fast shutdown of the postmaster) and
# runs CLIENTS concurrent wrk clients, a third each on a public route (POST /api/v1/generate/public), a secret-key
# route (POST /api/v1/generate) and a developer route (GET /api/v1/dev/projects). Meanwhile it asks
# GET /actuator/health/liveness PROBES times on the management port (and as often on the main port, for comparison)
# and the readiness group a few times. Prints the probes' median/p99/max, the share of answers that were 503 JSON and
# how long they took, then starts PostgreSQL again and times the recovery (first 200 on the public route, and
# readiness UP). Everything it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
#   bench/outage.sh                               # builds the jar if needed
#   CLIENTS=300 PROBES=200 WARMUP=20s CLIENT_TIMEOUT=2s bench/outage.sh
#   JAR=/path/to/main/bondify.jar NO_MANAGEMENT_PORT=1 bench/outage.sh   # before the management port: all on main
#   JFR=1 bench/outage.sh     # also records target/bench/outage.jfr (where a probe waited: jfr print --events ...)
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-300}
# How long a client waits before it gives up and reconnects (wrk's own default): impatient clients keep hundreds of
# abandoned requests queued in the server, the load under which liveness took seconds before the management port.
CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-2s}
PROBES=${PROBES:-200}
WARMUP=${WARMUP:-20s}
source bench/lib.sh
need_wrk
bench_init

echo "Starting $jar on port $PORT, management port $MANAGEMENT_PORT (log: $OUT/outage-app.log)"
start_app "$OUT/outage-app.log" BONDIFY_DEMO_ENABLED=false \
  BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_KEY_GENERATE=1000000000 \
  -- -XX:MaxRAMPercentage=50 ${JFR:+-XX:StartFlightRecording=filename=$OUT/outage.jfr,dumponexit=true,settings=profile}
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/outage-app.log" "The application"

json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
post() { curl -fsS -H 'Content-Type: application/json' "$@"; }
DEV=$(post -d "{\"email\":\"bench$(date +%s)@example.com\",\"password\":\"benchmark gravel orchid lantern\"}" "$BASE/api/v1/dev/register" | json token)
created=$(post -H "Authorization: Bearer $DEV" -d '{"name":"Outage","sandbox":true}' "$BASE/api/v1/dev/projects")
PROJECT=$(echo "$created" | json id)
KEY=$(echo "$created" | json secret_key)

load() { # name method path body auth connections duration [wrk options]
  local name=$1 method=$2 path=$3 body=$4 auth=$5 connections=$6 duration=$7
  shift 7
  OUTAGE_METHOD=$method OUTAGE_BODY=$body OUTAGE_AUTH=$auth \
    wrk -t1 -c"$connections" -d"$duration" --latency "$@" -s bench/outage.lua "$BASE$path" >"$OUT/outage-$name.txt" 2>&1 &
  loop_pids+=($!)
}
per_route=$(( (CLIENTS + 2) / 3 ))
routes() { # duration [wrk options]
  load public POST /api/v1/generate/public "{\"project_id\":\"$PROJECT\"}" "" "$per_route" "$@"
  load secret POST /api/v1/generate "{\"project_id\":\"$PROJECT\"}" "$KEY" "$per_route" "$@"
  load developer GET /api/v1/dev/projects "" "$DEV" "$per_route" "$@"
}

probe() { # url -> "status seconds"
  curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}\n' "$1" || echo "000 30"
}
stats() { # file -> median p99 max in ms (of column 2)
  awk '{print $2 * 1000}' "$1" | sort -n | awk '{a[NR] = $1} END {
    i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%7.1f %7.1f %7.1f", a[int((NR + 1) / 2)], a[i], a[NR] }'
}

echo "Warming up the routes with the database up ($WARMUP)"
routes "$WARMUP" --timeout 10s
wait "${loop_pids[@]}"
loop_pids=()
: >"$OUT/outage-idle.txt"
for _ in $(seq 1 50); do probe "$MANAGEMENT/actuator/health/liveness" >>"$OUT/outage-idle.txt"; done

database_access
pg_pid=$(head -1 "$DATA/postgres/postmaster.pid")
pg_command=$(tr '\0' ' ' <"/proc/$pg_pid/cmdline")
# SIGINT is PostgreSQL's fast shutdown; SIGTERM (smart) would wait for the pool's connections to be closed.
lines_before=$(wc -l <"$OUT/outage-app.log")
kill -INT "$pg_pid"
for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pg_pid" 2>/dev/null && { echo "PostgreSQL did not stop" >&2; exit 1; }
echo "PostgreSQL stopped; $CLIENTS clients (timeout $CLIENT_TIMEOUT) on three routes, $PROBES liveness probes per port"

routes 600s --timeout "$CLIENT_TIMEOUT"
sleep 5
: >"$OUT/outage-liveness.txt"
: >"$OUT/outage-liveness-main.txt"
for _ in $(seq 1 "$PROBES"); do
  probe "$MANAGEMENT/actuator/health/liveness" >>"$OUT/outage-liveness.txt"
  probe "$BASE/actuator/health/liveness" >>"$OUT/outage-liveness-main.txt"
  sleep 0.05
done
: >"$OUT/outage-readiness.txt"
for _ in 1 2 3 4 5; do probe "$MANAGEMENT/actuator/health/readiness" >>"$OUT/outage-readiness.txt"; done
for pid in "${loop_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
wait "${loop_pids[@]}" || true
loop_pids=()
lines_outage=$(( $(wc -l <"$OUT/outage-app.log") - lines_before ))

# PostgreSQL back with the same command line (the data directory and port are in it); bench_cleanup stops it.
pg_log="$PWD/$OUT/outage-postgres.log"
# As root, PostgreSQL refuses to start unless in a user namespace: the way the embedded PostgreSQL started it.
as_user=()
[ "$(id -u)" = 0 ] && as_user=(unshare -U)
accept_file="$OUT/outage-accepting.txt"
rm -f "$accept_file"
(cd "$DATA/postgres" && exec "${as_user[@]}" $pg_command >"$pg_log" 2>&1) &
back=$(date +%s.%N)
# Its return: the moment it accepts connections, watched every 10 ms apart from the probes below.
( for _ in $(seq 1 6000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && { date +%s.%N >"$accept_file"; exit 0; }
    sleep 0.01
  done ) &
loop_pids+=($!)
ready_file="$OUT/outage-ready.txt"
rm -f "$ready_file"
( for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$MANAGEMENT/actuator/health/readiness")" = 200 ] \
      && { date +%s.%N >"$ready_file"; exit 0; }
    sleep 0.05
  done ) &
loop_pids+=($!)
# The first 200 of the public route: one client asking again as soon as it has an answer.
first_200=""
deadline=$((SECONDS + 60))
while [ "$SECONDS" -lt "$deadline" ]; do
  if [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"project_id\":\"$PROJECT\"}" "$BASE/api/v1/generate/public")" = 200 ]; then
    first_200=$(date +%s.%N)
    break
  fi
  sleep 0.01
done
for _ in $(seq 1 100); do [ -f "$ready_file" ] && break; sleep 0.1; done
ready_at=$(cat "$ready_file" 2>/dev/null || true)
accepted_at=$(cat "$accept_file" 2>/dev/null || true)
since() { # from to -> seconds, or "never"
  [ -n "$1" ] && [ -n "$2" ] || { echo never; return; }
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}
accepting=$(since "$back" "$accepted_at")
recovered=$(since "$back" "$first_200")
ready=$(since "$back" "$ready_at")
returned_to_200=$(since "$accepted_at" "$first_200")

count() { awk -v k="$2" '$1 == k {print $2}' "$OUT/outage-$1.txt" | head -1; }
others() { awk '$1 == "json503" {print $4}' "$OUT/outage-$1.txt"; }
json503() { awk '$1 == "json503" {print $2}' "$OUT/outage-$1.txt"; }
timeouts() { awk '/Socket errors/ {gsub(",", ""); print $NF}' "$OUT/outage-$1.txt" | head -1 | grep . || echo 0; }
lat() { # name percentile -> latency as wrk prints it
  awk -v p="$2" '$1 == p {print $2}' "$OUT/outage-$1.txt" | head -1
}
echo
echo "$(nproc) CPUs, $("$JAVA" -version 2>&1 | head -1); PostgreSQL down, $CLIENTS wrk clients over loopback"
printf '%-40s %7s %7s %7s\n' "liveness probe, ms ($PROBES each)" median p99 max
probed=${NO_MANAGEMENT_PORT:+"main port (NO_MANAGEMENT_PORT)"}
probed=${probed:-management port}
printf '%-40s %s\n' "$probed, database up" "$(stats "$OUT/outage-idle.txt")"
printf '%-40s %s\n' "$probed" "$(stats "$OUT/outage-liveness.txt")"
printf '%-40s %s\n' "main port (for comparison)" "$(stats "$OUT/outage-liveness-main.txt")"
echo "liveness answers on the $probed: $(cut -d' ' -f1 "$OUT/outage-liveness.txt" | sort | uniq -c \
  | awk '{printf "%s x %s; ", $1, $2}')"
echo "readiness answers: $(awk '{printf "%s in %.0f ms; ", $1, $2 * 1000}' "$OUT/outage-readiness.txt")"
printf '%-34s %9s %9s %9s %9s %9s %9s\n' route answers "503 JSON" other "p50" "p99" timeouts
for name in public secret developer; do
  j=$(json503 $name); o=$(others $name)
  printf '%-34s %9s %9s %9s %9s %9s %9s\n' "$name" "$((j + o))" "$j" "$o" "$(lat $name 50%)" "$(lat $name 99%)" \
    "$(timeouts $name)"
done
echo "recovery after PostgreSQL restarts: it accepts connections after $accepting s, first 200 after" \
  "$recovered s, readiness UP after $ready s"
verdict=NO
[ "$returned_to_200" != never ] && awk -v s="$returned_to_200" 'BEGIN { exit !(s <= 1) }' && verdict=yes
echo "PostgreSQL's return (accepting connections) -> first 200: $returned_to_200 s (target <= 1 s: $verdict)"
echo "log lines written during the outage: $lines_outage (raw output in $OUT/outage-*)"
