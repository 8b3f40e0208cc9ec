#!/bin/bash
# The 10-minute memory run of issue 14: a demo register served by BINARY (embedded SQLite, rate
# limits off), ten rounds of `bench load` (search, verification, issuance, 20 s each) from 32
# clients, and the server's resident memory (VmRSS, and its anonymous and file-backed parts:
# SQLite's memory-mapped file counts as file-backed) sampled every 20 s.
# Usage: scripts/memory-run.sh [BINARY] [PORT] [ROUNDS]; prints the samples and each round's figures.
set -u
B=${1:-target/release/microcred}; P=${2:-18282}; ROUNDS=${3:-10}
D=$(mktemp -d)
$B serve --demo --rate-limits off --data-dir $D/data --bind 127.0.0.1:$P > $D/serve.log 2>&1 &
PID=$!
for i in $(seq 1 120); do grep -q "Demo platform-admin token" $D/serve.log && break; sleep 1; done
T=$(grep "Demo platform-admin token:" $D/serve.log | awk '{print $NF}')
( while kill -0 $PID 2>/dev/null; do
    echo "$(date +%s) $(grep -E 'VmRSS|RssAnon|RssFile' /proc/$PID/status | awk '{printf "%s %s ", $1, $2}')" >> $D/rss.txt
    sleep 20
  done ) &
SAMPLER=$!
for round in $(seq 1 $ROUNDS); do
  $B bench load --url http://127.0.0.1:$P --token "$T" --seconds 20 --concurrency 32 \
    --scenarios search,verify,issue --pid $PID --json >> $D/load.jsonl
done
kill $SAMPLER $PID; wait 2>/dev/null
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
rows = [line.split() for line in open(f"{d}/rss.txt") if line[:1].isdigit()]
start = int(rows[0][0])
print("seconds  VmRSS KiB  RssAnon KiB  RssFile KiB")
for row in rows:
    print(f"{int(row[0]) - start:7}  {row[2]:>9}  {row[4]:>11}  {row[6]:>11}")
for n, line in enumerate(open(f"{d}/load.jsonl"), 1):
    figures = json.loads(line)["scenarios"]
    print(f"round {n}: " + "; ".join(
        f"{s['scenario']} {s['per_second']:.0f}/s p99 {s['p99_ms']:.1f} ms errors {s['errors']}" for s in figures))
PY
rm -rf $D
