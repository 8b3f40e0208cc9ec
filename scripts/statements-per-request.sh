#!/bin/bash
# Counts the SQL statements of one POST /api/v1/assessments with `issue: true` (a result recorded
# and its credential issued) on a demo register, from sqlx's statement log, and lists them.
# PRAGMA lines come from a pool connection opened during the request, not from the request.
# Usage: scripts/statements-per-request.sh [BINARY] [PORT]
set -u
B=${1:-target/release/microcred}; P=${2:-18099}
D=$(mktemp -d)
(RUST_LOG=info,sqlx::query=debug $B serve --demo --data-dir $D/data --bind 127.0.0.1:$P > $D/serve.log 2>&1 &)
for i in $(seq 1 90); do curl -s -o /dev/null http://127.0.0.1:$P/health && break; sleep 2; done
T=$(grep -o "mct_[0-9a-f]*" $D/serve.log | head -1)
OFF=$(curl -s "http://127.0.0.1:$P/api/v1/offerings?provider=hogeschool-scheldeland&per_page=1" | python3 -c "import sys,json; print(json.load(sys.stdin)['items'][0]['id'])")
ENR=$(curl -s -X POST -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"offering_id\":\"$OFF\",\"learner\":{\"full_name\":\"Round Trip\",\"email\":\"rt$P@example.org\"},\"employment_status\":\"employed\",\"enrolled_on\":\"2026-09-01\"}" http://127.0.0.1:$P/api/v1/enrolments | python3 -c "import sys,json; print(json.load(sys.stdin)['id'])")
sleep 1; BEFORE=$(grep -c "sqlx::query" $D/serve.log)
OUT=$(curl -s -o $D/out.json -w " %{http_code}" -X POST -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"enrolment_id\":\"$ENR\",\"outcome\":{\"passed\":true,\"assessed_on\":\"2026-10-01\",\"route\":\"regular\"},\"issue\":true}" http://127.0.0.1:$P/api/v1/assessments)
cat $D/out.json | head -c 400; echo; sleep 1; AFTER=$(grep -c "sqlx::query" $D/serve.log)
echo "status ${OUT: -3}; statements: $((AFTER-BEFORE))"
sed 's/\x1b\[[0-9;]*m//g' $D/serve.log | awk -v n=$BEFORE '/sqlx::query/ {c++; if (c>n) print}' | grep -o 'summary="[^"]*"' | head -30
pkill -f "bind 127.0.0.1:$P"; rm -rf $D
