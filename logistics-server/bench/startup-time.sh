#!/usr/bin/env bash
# Embedded start-up time: from launching the server jar (embedded PostgreSQL + broker, demo city,
# -Xmx1g) to /actuator/health answering UP. Prints each run and the median, for a fresh data
# directory (initdb, migrations, demo seeding) and for a restart on existing data.
#   usage: logistics-server/bench/startup-time.sh [RUNS]   (build first: ./mvnw -q install -DskipTests)
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
jar=$(ls "$here"/../target/logistics-server-*.jar | grep -v original | head -n 1)
port=18080
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

one_run() { # $1: fresh|restart
  local fresh=false
  [ "$1" = fresh ] && fresh=true
  local start end pid
  start=$(now_ms)
  java -Xmx1g -jar "$jar" --server.port=$port --coldchain.demo.enabled=true \
    --coldchain.embedded.data-dir="$work/data" --coldchain.embedded.fresh=$fresh \
    --coldchain.embedded.mqtt-port=0 >"$work/server.log" 2>&1 &
  pid=$!
  until [[ "$(curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null || true)" == *'"status":"UP"}' ]]; do
    if ! kill -0 $pid 2>/dev/null; then echo "server died; see log:" >&2; tail -50 "$work/server.log" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(now_ms)
  kill -TERM $pid # (a script's background jobs ignore SIGINT; TERM is the same graceful shutdown)
  wait $pid 2>/dev/null || true
  echo $((end - start))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

for mode in fresh restart; do
  one_run fresh >/dev/null # leaves a seeded data directory for the restart runs; also warms the page cache
  results=()
  for i in $(seq 1 "$runs"); do
    ms=$(one_run $mode)
    results+=("$ms")
    echo "startup,$mode,run$i,${ms}ms"
  done
  echo "startup,$mode,median,$(printf '%s\n' "${results[@]}" | median)ms"
done
