# Sourced by the bench/*.sh scripts: the JDK check, the jar (built if missing), free loopback ports, starting the jar
# on its own embedded PostgreSQL, waiting for readiness, and stopping everything on exit. Nothing but 127.0.0.1.
#
#   source bench/lib.sh; bench_init        # JAVA, jar, OUT; PORT, MANAGEMENT_PORT, BASE, MANAGEMENT, DATA; trap
#   start_app "$OUT/x.log" VAR=value ... -- -XX:MaxRAMPercentage=50   # app_pid; then wait_ready
# JAR=path/to/bondify.jar measures another build (e.g. main's, for a before/after; with NO_MANAGEMENT_PORT=1 every
# probe goes to the main port); REBUILD=1 packages this tree.

OUT=target/bench
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
bench_pids=()
loop_pids=()

need_wrk() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

bench_init() {
  mkdir -p "$OUT"
  "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' || { echo "Needs a JDK >= 21 (set JAVA_HOME)" >&2; exit 1; }
  jar=${JAR:-$(ls target/bondify-*.jar 2>/dev/null | head -1 || true)}
  if [ -z "$jar" ] || [ -n "${REBUILD:-}" ]; then
    ./mvnw -q -B -DskipTests package
    jar=$(ls target/bondify-*.jar | head -1)
  fi
  PORT=$(free_port)
  MANAGEMENT_PORT=$(free_port)
  DATA=$(mktemp -d /tmp/bondify-bench.XXXXXX)
  BASE="http://127.0.0.1:$PORT"
  MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
  if [ -n "${NO_MANAGEMENT_PORT:-}" ]; then # probes on the main port, as before the management port existed
    MANAGEMENT_PORT=-1
    MANAGEMENT=$BASE
  fi
  trap bench_cleanup EXIT
}

# launch LOG PORT MANAGEMENT_PORT DATA_DIR [VAR=value ...] [-- JVM option ...]: one instance in the background; its pid
# is in launched_pid and stopped by bench_cleanup. The embedded PostgreSQL lives in DATA_DIR/postgres unless
# SPRING_DATASOURCE_URL is among the variables.
launch() {
  local log=$1 port=$2 management=$3 data=$4
  shift 4
  local vars=() opts=()
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; opts=("$@"); break; fi
    vars+=("$1"); shift
  done
  env SERVER_PORT="$port" BONDIFY_MANAGEMENT_PORT="$management" BONDIFY_DATA_DIR="$data" BONDIFY_TELEGRAM_MODE=off \
    "${vars[@]}" "$JAVA" "${opts[@]}" -jar "$jar" >"$log" 2>&1 &
  launched_pid=$!
  bench_pids+=("$launched_pid")
}

# start_app LOG [VAR=value ...] [-- JVM option ...]: the main instance on PORT/MANAGEMENT_PORT/DATA, pid in app_pid.
start_app() {
  local log=$1
  shift
  launch "$log" "$PORT" "$MANAGEMENT_PORT" "$DATA" "$@"
  app_pid=$launched_pid
}

# wait_ready MANAGEMENT_URL PID LOG WHAT: up to READY_TIMEOUT seconds (300: a start takes ~15 s on a quiet 2-core
# machine, minutes on a busy one) for readiness (200), else the log's name and exit.
wait_ready() {
  local url=$1 pid=$2 log=$3 what=$4
  for _ in $(seq 1 $((${READY_TIMEOUT:-300} * 2))); do
    curl -fsS -o /dev/null "$url/actuator/health/readiness" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$what stopped; see $log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS -o /dev/null "$url/actuator/health/readiness"
}

# The embedded PostgreSQL's port (from its postmaster.pid), a JDBC URL for it as the service role (its generated
# password is in DATA/postgres.password) and the driver unpacked from the jar.
database_access() {
  pg_port=$(sed -n 4p "$DATA/postgres/postmaster.pid")
  pg_password=$(sed -n 's/^service=//p' "$DATA/postgres.password")
  PG_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=bondify&password=$pg_password"
  driver=$(unzip -Z1 "$jar" | grep 'BOOT-INF/lib/postgresql-.*\.jar' | head -1)
  unzip -o -q -j "$jar" "$driver" -d "$OUT"
  DRIVER="$OUT/$(basename "$driver")"
}

stop_pid() { # pid: TERM, up to 30 s, then KILL
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  return 0
}

bench_cleanup() {
  local i
  for pid in "${loop_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do stop_pid "${bench_pids[$i]}"; done
  # The embedded PostgreSQL stops with the application; make sure of it before deleting its files.
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    pg_pid=$(head -1 "$DATA/postgres/postmaster.pid")
    kill -0 "$pg_pid" 2>/dev/null && kill -TERM "$pg_pid" && sleep 2
  fi
  rm -rf "$DATA"
}

# seed_sessions PROJECT_ID COUNT: COUNT sessions of the project in one INSERT ... SELECT over the last 100 days (60 %
# used, 10 % confirmed, 10 % cancelled, 20 % pending; 50k Telegram users), through database_access's connection.
seed_sessions() {
  "$JAVA" -cp "$DRIVER" bench/Sql.java "$PG_URL" "
    insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
                               confirmed_at, cancelled_at, used_at, telegram_id)
    select gen_random_uuid(), sha256(convert_to('seed' || i, 'UTF8')), 'sess_seeded', '$1', s.status, c.at,
           c.at + interval '10 minutes',
           case when s.status in ('confirmed', 'used') then c.at + interval '30 seconds' end,
           case when s.status = 'cancelled' then c.at + interval '30 seconds' end,
           case when s.status = 'used' then c.at + interval '31 seconds' end,
           case when s.status in ('confirmed', 'used') then (i % 50000)::text end
    from generate_series(1, $2) as i
    cross join lateral (select case when i % 10 < 6 then 'used' when i % 10 = 6 then 'confirmed'
                                    when i % 10 = 7 then 'cancelled' else 'pending' end as status) s
    cross join lateral (select now() - (i % 144000) * interval '1 minute' as at) c;
    analyze"
}

# sql URL STATEMENT: one statement through the driver unpacked by database_access (rows printed, one a line).
sql() {
  "$JAVA" -cp "$DRIVER" bench/Sql.java "$@"
}

# restart_postgres: a fast shutdown of the embedded PostgreSQL and a start with the same command line (its data
# directory and port are in it), as the application started it; returns once it accepts connections. bench_cleanup
# stops it (postmaster.pid). As root, PostgreSQL refuses to start unless in a user namespace (unshare -U).
restart_postgres() {
  local pid command log="$PWD/$OUT/postgres-restarted.log" as_user=()
  pid=$(head -1 "$DATA/postgres/postmaster.pid")
  command=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  kill -INT "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "PostgreSQL did not stop" >&2; exit 1; }
  [ "$(id -u)" = 0 ] && as_user=(unshare -U)
  (cd "$DATA/postgres" && exec "${as_user[@]}" $command >>"$log" 2>&1) &
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && return 0; sleep 0.1; done
  echo "PostgreSQL did not start again; see $OUT/postgres-restarted.log" >&2
  exit 1
}

# enable_statement_counts: loads pg_stat_statements (it ships in the embedded PostgreSQL's bundle) by ALTER SYSTEM as
# the superuser and restart_postgres (the application's pool reconnects); PG_SUPER_URL connects as the superuser.
# statements_enabled=1 when the extension is there, else 0 (then statements() answers n/a).
enable_statement_counts() {
  local password
  password=$(sed -n 's/^superuser=//p' "$DATA/postgres.password")
  PG_SUPER_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres&password=$password"
  statements_enabled=0
  sql "$PG_SUPER_URL" "alter system set shared_preload_libraries = 'pg_stat_statements'" >/dev/null 2>&1 || return 0
  restart_postgres
  sql "$PG_SUPER_URL" "create extension if not exists pg_stat_statements" >/dev/null 2>&1 || return 0
  statements_enabled=1
}

# statements_reset / statements_total: the service role's statements (pg_stat_statements calls, top level: what the
# application sent, triggers' statements not counted; BEGIN/COMMIT/SET count as statements) since the last reset.
statements_reset() {
  [ "${statements_enabled:-0}" = 1 ] && sql "$PG_SUPER_URL" "select pg_stat_statements_reset()" >/dev/null
  return 0
}
statements_total() { # [file for the statements themselves, most called first]
  [ "${statements_enabled:-0}" = 1 ] || { echo n/a; return 0; }
  [ -n "${1:-}" ] && sql "$PG_SUPER_URL" "select calls, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
    from pg_stat_statements s join pg_roles r on r.oid = s.userid where r.rolname = 'bondify' order by calls desc" >"$1"
  sql "$PG_SUPER_URL" "select coalesce(sum(calls), 0) from pg_stat_statements s join pg_roles r on r.oid = s.userid
    where r.rolname = 'bondify'"
}

# memory PID...: "RSS MiB / PSS MiB" summed over the processes (PSS shares PostgreSQL's shared memory out fairly).
memory() {
  local rss=0 pss=0 pid v
  for pid in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0); rss=$((rss + ${v:-0}))
    v=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0); pss=$((pss + ${v:-0}))
  done
  echo "$((rss / 1024)) $((pss / 1024))"
}

# postgres_pids: the embedded PostgreSQL's postmaster and every process it started.
postgres_pids() {
  local pid
  pid=$(head -1 "$DATA/postgres/postmaster.pid")
  echo "$pid" $(ps -o pid= --ppid "$pid")
}

# cpu_ticks PID...: user + system CPU of the processes in clock ticks (/proc/PID/stat fields 14 and 15; the command
# name in field 2 may hold spaces, so fields are counted after its closing parenthesis).
cpu_ticks() {
  local pid total=0 v
  for pid in "$@"; do
    v=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || v=0
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# postgres_ticks: the embedded PostgreSQL's CPU in clock ticks: the postmaster's own and its reaped children's (fields
# 16 and 17: backends that ended, e.g. after the pool closed them) plus every live child's. The difference of two
# readings counts every backend that ran in between, whether it lived through the interval or not.
postgres_ticks() {
  local pid reaped
  pid=$(head -1 "$DATA/postgres/postmaster.pid")
  reaped=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $14 + $15}')
  echo $(($(cpu_ticks $(postgres_pids)) + reaped))
}
