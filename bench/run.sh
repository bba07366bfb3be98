#!/usr/bin/env bash
# Load benchmark on loopback: starts the built jar with its embedded PostgreSQL on a free port (pg_stat_statements
# loaded, see lib.sh), creates a sandbox project (an OpenID Connect client too) and a live project by SQL, and runs wrk
# against each row below, every figure also as a ratio to the same run's liveness:
#   liveness      GET /actuator/health/liveness (the baseline)
#   generate      POST /api/v1/generate/public
#   verify        POST /api/v1/verify/public on a pending session (the clients' polling loop)
#   verify-light  the same on 2 connections (latency below saturation)
#   token         POST /oauth2/token, authorization_code grant, client_secret_basic with the project's 256-bit secret
#                 key (a SHA-256 compare): each request spends its own code (bench/OidcCodes.java, bench/spend.lua)
#   jwks          GET /oauth2/jwks
#   userinfo      GET /userinfo with an access token from the token endpoint
#   exchange      POST /api/v1/exchange/public with a fresh Mini App initData each request (bench/MiniAppData.java)
#   confirm       confirm-to-app latency (bench/ConfirmLatency.java) on one instance and across two
# Per row: req/s, p50, p99, the database statements per request and the CPU milliseconds per request of the JVM and of
# PostgreSQL (all its processes); then the JVM's and PostgreSQL's memory. Everything
# it starts is stopped at the end; nothing but 127.0.0.1 is contacted.
#
#   bench/run.sh                                  # builds the jar if needed; about 8 minutes
#   ROWS=liveness,jwks,userinfo bench/run.sh      # a subset (liveness always runs: it is the baseline)
#   DURATION=10s WARMUP=60s PATH_WARMUP=30s THREADS=2 CONNECTIONS=32 HEAP=-Xmx256m bench/run.sh
#   JVM_OPTIONS=-XX:NativeMemoryTracking=summary bench/run.sh   # more options for the measured JVM (jcmd PID VM.native_memory)
#   JFR=1 bench/run.sh                # also records target/bench/app.jfr (jfr print --events jdk.ExecutionSample)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
# On 2 cores the JIT needs about a minute of load before a Spring application is warm (5 s warm-ups measured cold code
# at a fifth of the warm rate): the first path (liveness) warms WARMUP, which also warms what every path shares (Tomcat,
# the filter chains, JSON); each later path PATH_WARMUP, for its own code. PATH_WARMUP=60s is the careful setting
# (about 11 minutes in all).
WARMUP=${WARMUP:-60s}
PATH_WARMUP=${PATH_WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROWS=${ROWS:-liveness,generate,verify,verify-light,token,jwks,userinfo,exchange,confirm}
# The heap cap docs/operations.md recommends for one instance with the embedded PostgreSQL ("Memory"): without one the
# JVM sizes its heap from the machine's RAM (a quarter of it by default) and grows it to several times what it needs.
HEAP=${HEAP:--Xmx256m}
# Single-use requests per second of run to prepare (codes, Mini App data); a run that spends them all says so.
SPEND_RATE=${SPEND_RATE:-5000}
BOT_TOKEN=7000000001:AAbenchmarkbenchmarkbenchmarkbenchmark
REDIRECT=https://app.example/callback
source bench/lib.sh
need_wrk
bench_init

echo "Starting $jar on port $PORT (log: $OUT/app.log)"
start_app "$OUT/app.log" BONDIFY_RATE_LIMIT_GENERATE=1000000000 BONDIFY_RATE_LIMIT_VERIFY=1000000000 \
  BONDIFY_TELEGRAM_BOT_TOKEN="$BOT_TOKEN" \
  -- "$HEAP" ${JVM_OPTIONS:-} ${JFR:+-XX:StartFlightRecording=filename=$OUT/app.jfr,dumponexit=true,settings=profile}
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/app.log" "The application"

database_access
enable_statement_counts
wait_ready "$MANAGEMENT" "$app_pid" "$OUT/app.log" "The application"
suffix=$(date +%s)
PROJECT=proj_bench$suffix
LIVE=proj_benchlive$suffix
key() { echo "sk_$1_bench$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-30)"; }
KEY=$(key test)
LIVE_KEY=$(key live)
sql "$PG_URL" "insert into projects (id, name, secret_key, secret_key_hash, sandbox, redirect_uris, created_at)
   values ('$PROJECT', 'Benchmark', '$KEY', sha256(convert_to('$KEY', 'UTF8')), true, '{$REDIRECT}', now()),
          ('$LIVE', 'Benchmark live', '$LIVE_KEY', sha256(convert_to('$LIVE_KEY', 'UTF8')), false, '{}', now())"
post() { curl -fsS -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
for _ in $(seq 1 20); do # the pool reconnects after the restart for pg_stat_statements
  TOKEN=$(post /api/v1/generate/public "{\"project_id\":\"$PROJECT\"}" 2>/dev/null \
    | sed -E 's/.*"session_token":"([^"]+)".*/\1/') && break
  sleep 0.5
done
export BENCH_PROJECT=$PROJECT BENCH_TOKEN=$TOKEN BENCH_THREADS=$THREADS

enabled() { [ "$1" = liveness ] || [[ ",$ROWS," == *",$1,"* ]]; }
seconds() { case $1 in *ms) echo 1 ;; *s) echo "${1%s}" ;; *m) echo $((${1%m} * 60)) ;; *) echo "$1" ;; esac; }
requests() { awk '/requests in/ {print $1}' "$OUT/$1.txt"; }

# cpu_start / cpu_stop NAME: the JVM's and PostgreSQL's CPU ticks over the measured run, into NAME.cpu ("jvm pg").
cpu_start() { cpu_jvm=$(cpu_ticks "$app_pid"); cpu_pg=$(postgres_ticks); }
cpu_stop() { echo "$(($(cpu_ticks "$app_pid") - cpu_jvm)) $(($(postgres_ticks) - cpu_pg))" >"$OUT/$1.cpu"; }

# measure NAME WARMUP PATH [wrk option ...]: the warm-up, then the measured run with its statements counted. A row
# that spends single-use lines (bench/spend.lua) reads NAME-warmup.lines while warming and NAME.lines while measured.
measure() {
  local name=$1 warm=$2 path=$3
  shift 3
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency "$@")
  BENCH_FILE="$OUT/$name-warmup.lines" wrk "${args[@]}" -d"$warm" "$BASE$path" >"$OUT/$name-warmup.txt"
  statements_reset
  cpu_start
  BENCH_FILE="$OUT/$name.lines" wrk "${args[@]}" -d"$DURATION" "$BASE$path" >"$OUT/$name.txt"
  cpu_stop "$name"
  statements_total "$OUT/$name-statements.txt" >"$OUT/$name.statements"
}

measure liveness "$WARMUP" /actuator/health/liveness
enabled generate && measure generate "$PATH_WARMUP" /api/v1/generate/public -s bench/generate.lua
enabled verify && measure verify "$PATH_WARMUP" /api/v1/verify/public -s bench/verify.lua
if enabled verify-light; then
  # Latency below saturation: two connections instead of CONNECTIONS (wrk cannot fix a rate; the req/s it reached is
  # printed next to the saturated figure). Warmed by the verify row, or here.
  enabled verify || wrk -t1 -c2 -d"$PATH_WARMUP" -s bench/verify.lua "$BASE/api/v1/verify/public" >/dev/null
  statements_reset
  cpu_start
  wrk -t1 -c2 -d"$DURATION" --latency -s bench/verify.lua "$BASE/api/v1/verify/public" >"$OUT/verify-light.txt"
  cpu_stop verify-light
  statements_total >"$OUT/verify-light.statements"
fi

codes() { # file count -> the flow's own code on stdout
  "$JAVA" -cp "$DRIVER" bench/OidcCodes.java "$PG_URL" "$BASE" "$PROJECT" "$REDIRECT" "$2" "$1"
}
access_token() { # code -> an access token of the bench project's client
  curl -fsS -u "$PROJECT:$KEY" -d grant_type=authorization_code --data-urlencode "code=$1" \
    --data-urlencode "redirect_uri=$REDIRECT" "$BASE/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
if enabled token; then
  echo "Preparing authorization codes ($SPEND_RATE per second of run)"
  codes "$OUT/token-warmup.lines" $((SPEND_RATE * $(seconds "$PATH_WARMUP"))) >/dev/null
  codes "$OUT/token.lines" $((SPEND_RATE * $(seconds "$DURATION"))) >/dev/null
  # The copies are the preparation's bulk insert, not the endpoint's work: vacuumed, analysed and checkpointed here,
  # as pgbench vacuums before a run, so autovacuum's pass over 200,000 new rows and the checkpoint they force do not
  # land in the measured seconds (the redemptions' own dead rows and WAL still do: the warm-up's ~60,000 redemptions
  # may start autovacuum in the measured seconds, the endpoint's own cost).
  sql "$PG_SUPER_URL" "vacuum (analyze) oauth2_authorization" >/dev/null || echo "(vacuum before the token row failed)" >&2
  sql "$PG_SUPER_URL" "checkpoint" >/dev/null || echo "(checkpoint before the token row failed)" >&2
  BENCH_FORMAT=token BENCH_BASIC=$(printf '%s:%s' "$PROJECT" "$KEY" | base64 -w0) \
    BENCH_REDIRECT=$(printf '%s' "$REDIRECT" | sed 's/:/%3A/g; s#/#%2F#g') \
    measure token "$PATH_WARMUP" /oauth2/token -s bench/spend.lua
  sql "$PG_URL" "delete from oauth2_authorization where registered_client_id = '$PROJECT' and code_redeemed" >/dev/null
fi
enabled jwks && measure jwks "$PATH_WARMUP" /oauth2/jwks
if enabled userinfo; then
  # A sign-in of its own (the token row deletes the authorizations it redeemed).
  BENCH_BEARER=$(access_token "$(codes "$OUT/userinfo-code.lines" 0)") measure userinfo "$PATH_WARMUP" /userinfo -s bench/bearer.lua
fi
if enabled exchange; then
  echo "Preparing Mini App data ($SPEND_RATE per second of run)"
  for phase in exchange-warmup:$PATH_WARMUP exchange:$DURATION; do
    "$JAVA" bench/MiniAppData.java "$BOT_TOKEN" "$LIVE" $((SPEND_RATE * $(seconds "${phase#*:}"))) 1000 \
      "$OUT/${phase%%:*}.lines"
  done
  measure exchange "$PATH_WARMUP" /api/v1/exchange/public -s bench/spend.lua
fi
read -r jvm_rss jvm_pss <<<"$(memory "$app_pid")"
read -r pg_rss pg_pss <<<"$(memory $(postgres_pids))"

if enabled confirm; then
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
    BONDIFY_ENCRYPTION_KEY_FILE="$DATA/encryption.key" BONDIFY_RATE_LIMIT_GENERATE=1000000000 \
    BONDIFY_RATE_LIMIT_VERIFY=1000000000 -- "$HEAP"
  wait_ready "http://127.0.0.1:$OTHER_MANAGEMENT_PORT" "$launched_pid" "$OUT/other.log" "The second instance"
  two_long=$(latency "$BASE" "$OTHER" long)
  two_short=$(latency "$BASE" "$OTHER" short)
fi

rps() { awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt"; }
percentile() { # name 50%|99% -> ms
  awk -v p="$2" '$1 == p { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) }
    else if (v ~ /s$/) { sub(/s$/,"",v); v=v*1000 } printf "%.2f", v }' "$OUT/$1.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_request() { # name -> statements per request
  local s
  s=$(tail -1 "$OUT/$1.statements")
  [ "$s" = n/a ] && { echo n/a; return; }
  awk -v s="$s" -v r="$(requests "$1")" 'BEGIN { printf "%.1f", s / r }'
}
cpu_per_request() { # name jvm|pg -> CPU milliseconds per request
  local column=1
  [ "$2" = pg ] && column=2
  awk -v c="$column" -v hz="$(getconf CLK_TCK)" -v r="$(requests "$1")" \
    '{ if (r > 0) printf "%.2f", $c * 1000 / hz / r; else print "n/a" }' "$OUT/$1.cpu"
}
notes() { # wrk's error lines and spent single-use lines, indented
  grep -E 'Non-2xx|Socket errors' "$OUT/$1.txt" | tr -s ' ' | sed 's/^/    /' || true
  if grep -q '^spent' "$OUT/$1.txt"; then
    awk '/^spent/ { if ($4 == 0) print "    ran out of single-use lines: raise SPEND_RATE (req/s under-reported)";
      else printf "    %d single-use lines spent, %d left\n", $2, $4 }' "$OUT/$1.txt"
  fi
}

base_rps=$(rps liveness)
echo
echo "$(nproc) CPUs, $(uname -m), $("$JAVA" -version 2>&1 | head -1) with $HEAP; wrk -t$THREADS -c$CONNECTIONS" \
  "-d$DURATION over loopback after a $WARMUP warm-up (first path) / $PATH_WARMUP (each later path)"
printf '%-38s %9s %6s %8s %8s %9s %10s %9s %8s\n' endpoint req/s ratio "p50 ms" "p99 ms" stmts/req "JVM ms/req" \
  "PG ms/req" target
for name in liveness generate verify verify-light token jwks userinfo exchange; do
  [ -f "$OUT/$name.txt" ] && enabled "$name" || continue
  case $name in
    liveness) label="GET /actuator/health/liveness"; target="" ;;
    generate) label="POST /api/v1/generate/public"; target=">= 0.6" ;;
    verify) label="POST /api/v1/verify/public (pending)"; target=">= 1.0" ;;
    verify-light) label="verify, 2 connections"; target="" ;;
    token) label="POST /oauth2/token (code grant)"; target=">= 0.3" ;;
    jwks) label="GET /oauth2/jwks"; target=">= 0.8" ;;
    userinfo) label="GET /userinfo"; target=">= 0.5" ;;
    exchange) label="POST /api/v1/exchange/public"; target=">= 0.3" ;;
  esac
  r=$(rps $name)
  printf '%-38s %9.0f %6s %8s %8s %9s %10s %9s %8s\n' "$label" "$r" "$(ratio "$r" "$base_rps")" \
    "$(percentile $name 50%)" "$(percentile $name 99%)" "$(per_request $name)" "$(cpu_per_request $name jvm)" \
    "$(cpu_per_request $name pg)" "$target"
  notes $name
done
echo "memory after the wrk rows: JVM RSS $jvm_rss MiB; PostgreSQL (postmaster and its $(($(postgres_pids | wc -w) - 1))" \
  "processes) RSS $pg_rss MiB, PSS $pg_pss MiB; together $((jvm_rss + pg_pss)) MiB (RSS + PSS; target < 1024)"
if enabled confirm; then
  echo
  echo "Confirm commit -> confirmed answer, ms (p50 p99 max over $LATENCY_COUNT sign-ins)"
  printf '%-44s %s\n' "long poll, one instance" "$one_long" "short polls in a loop, one instance" "$one_short" \
    "long poll on the other instance" "$two_long" "short polls on the other instance" "$two_short"
fi
echo "(raw wrk output and each row's statements, most called first, in $OUT/)"
