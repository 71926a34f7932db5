#!/usr/bin/env bash
# Measures issue 18's targets for `nabla serve` (README, "Dashboard and playground"): start time, the dashboard of 100
# runs, playground frames per second (a 2x8 network, NABLA_THREADS=2), 20 concurrent sessions and the heap before,
# during and after them; then one 2x8 session whose training and drawing run on 2 kernel threads
# (--playground-threads 2), at the frame cap (30/s) and without it (--playground-fps 0: an epoch per frame), beside
# one kernel thread without the cap. Needs curl and the JDK's jcmd/jstat.
# Usage: scripts/serve-measure.sh [PORT] [--frames-only] (only the last part)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
port=${1:-18123}
frames_only=${2:-}
work=$(mktemp -d)
server= launcher=
trap 'kill $server $launcher 2>/dev/null || true; rm -rf "$work"' EXIT
base=http://127.0.0.1:$port
session() { curl -s -X POST -d "$1" "$base/api/playground/sessions" | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/'; }
frames_of() { grep -c '^event: frame' "$1" || true; }

# one 2x8 session with every feature on a server started with "$@", 10 s of play: frames per second and epochs
one_session() {
    mkdir -p "$work/empty"
    "$root/nabla" serve --runs "$work/empty" --port "$port" "$@" >"$work/serve1.log" 2>&1 &
    launcher=$!
    until curl -sf -o /dev/null "$base/"; do sleep 0.05; done
    local id
    id=$(session "layers=8,8&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2")
    timeout 12 curl -sN "$base/api/playground/sessions/$id/stream" >"$work/one1.sse" &
    local stream=$!
    sleep 1
    curl -s -X POST "$base/api/playground/sessions/$id/play" >/dev/null
    sleep 10
    wait "$stream" || true
    local n epoch
    n=$(frames_of "$work/one1.sse")
    epoch=$(grep -o '"epoch":[0-9]*' "$work/one1.sse" | tail -1 | cut -d: -f2)
    echo "one 2x8 session, serve $*: $n frames (100x100 boundary + thumbnails) in ~10 s of play = $((n / 10)) frames/s; epoch $epoch"
    server=$(pgrep -f "nabla.jar serve --runs $work/empty" || true)
    kill $server 2>/dev/null || true
    wait "$launcher" 2>/dev/null || true
    server= launcher=
}

if [[ $frames_only == --frames-only ]]; then
    one_session --playground-threads 2
    one_session --playground-threads 2 --playground-fps 0
    one_session --playground-threads 1 --playground-fps 0
    exit 0
fi

# 100 run folders: one real digits run, copied (the dashboard reads every folder's config, metrics and summary)
"$root/nabla" train mlp --dataset digits --epochs 2 --out "$work/one" >/dev/null
mkdir "$work/runs"
for i in $(seq -w 1 100); do cp -r "$work/one" "$work/runs/mlp-digits-$i"; done
rm -rf "$work/runs"/*/checkpoint

now_ms() { date +%s%3N; }
t0=$(now_ms)
NABLA_THREADS=2 "$root/nabla" serve --runs "$work/runs" --port "$port" >"$work/serve.log" 2>&1 &
launcher=$!
until curl -sf -o /dev/null "$base/"; do sleep 0.02; done
t1=$(now_ms)
echo "start: $((t1 - t0)) ms from the launch to the first page"
server=$(pgrep -P "$launcher" java || true)
[[ -z $server ]] && server=$(pgrep -f "nabla.jar serve --runs $work/runs")

page_ms() { curl -s -o /dev/null -w '%{time_total}\n' "$1" | awk '{printf "%.0f", $1 * 1000}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for i in 1 2 3; do page_ms "$base/api/runs" >/dev/null; done # warm-up
api=$(for i in $(seq 5); do page_ms "$base/api/runs"; echo; done | median)
html=$(for i in $(seq 5); do page_ms "$base/"; echo; done | median)
run=$(for i in $(seq 5); do page_ms "$base/api/runs/mlp-digits-001"; echo; done | median)
echo "dashboard of 100 runs: page $html ms + /api/runs $api ms (median of 5); a run's page data $run ms"

heap_mb() { jcmd "$server" GC.run >/dev/null; sleep 0.5; jstat -gc "$server" | awk 'NR == 2 {printf "%.1f", ($3 + $4 + $6 + $8) / 1024}'; }
# one 2x8 network with every feature, playing for 10 s
id=$(session "layers=8,8&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2")
timeout 12 curl -sN "$base/api/playground/sessions/$id/stream" >"$work/one.sse" &
stream=$!
sleep 1
curl -s -X POST "$base/api/playground/sessions/$id/play" >/dev/null
sleep 10
wait "$stream" || true
echo "playground, one 2x8 session: $(frames_of "$work/one.sse") frames (100x100 boundary) in ~10 s of play"

before=$(heap_mb)
streams=()
for i in $(seq 1 20); do
    id=$(session "layers=8,8&seed=$i")
    [[ $id =~ ^[0-9a-f]+$ ]] || { echo "session $i refused: $id"; exit 1; }
    timeout 12 curl -sN "$base/api/playground/sessions/$id/stream" >"$work/s$i.sse" &
    streams+=($!)
    echo "$id" >"$work/s$i.id"
done
sleep 1
for i in $(seq 1 20); do curl -s -X POST "$base/api/playground/sessions/$(cat "$work/s$i.id")/play" >/dev/null; done
sleep 5
during=$(heap_mb)
for p in "${streams[@]}"; do wait "$p" || true; done # the streams end at 12 s: the tabs close
sleep 2
after=$(heap_mb)
counts=$(for i in $(seq 1 20); do frames_of "$work/s$i.sse"; done | sort -n | tr '\n' ' ')
errors=$( (grep -l '"error"' "$work"/s*.sse 2>/dev/null || true) | wc -l)
echo "20 concurrent 2x8 sessions, ~10 s of play each: frames per session (sorted) $counts; streams with errors: $errors"
echo "heap after GC: $before MB before the sessions, $during MB with 20 open, $after MB after they closed"
kill "$server" "$launcher" 2>/dev/null || true
wait "$launcher" 2>/dev/null || true
server= launcher=
one_session --playground-threads 2
one_session --playground-threads 2 --playground-fps 0
one_session --playground-threads 1 --playground-fps 0
