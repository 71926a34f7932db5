#!/usr/bin/env bash
# Runs `nabla bench GROUP` in N fresh processes, one after the other, and prints each case's throughput in every
# process with the spread (max / min): how far Nabla's speed varies from process to process.
#
#   scripts/bench-spread.sh [--runs N] [--threads T] [--warmup S] [--min-time S] [GROUP ...]   (default: lenet mlp)
#
# For the 256-bit figures on an AVX-512 machine: NABLA_JAVA_OPTS=-XX:UseAVX=2 scripts/bench-spread.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=5 threads=2 warmup=20 min_time=3 groups=()
while (( $# )); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --min-time) min_time=$2; shift 2 ;;
        -h|--help) sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "bench-spread: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) groups+=("$1"); shift ;;
    esac
done
(( ${#groups[@]} )) || groups=(lenet mlp)
out=$(mktemp "${TMPDIR:-/tmp}/bench-spread-XXXXXX.jsonl")
"$root/nabla" --version >/dev/null 2>&1 || "$root/nabla" --version
for group in "${groups[@]}"; do
    for ((i = 1; i <= runs; i++)); do
        echo "-- nabla bench $group, process $i of $runs" >&2
        "$root/nabla" bench "$group" --threads "$threads" --warmup "$warmup" --min-time "$min_time" --windows 3 --retries 3 \
            --max-foreign 0.15 --wait-quiet 10 2> >(grep -v '^WARNING: Using incubator modules' >&2) | grep '^{' >>"$out"
    done
done
python3 - "$out" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
cases = {}
for r in recs:
    cases.setdefault((r["name"], r["batch"]), []).append(r)
bits = recs[0]["vector_bits"] if recs else "?"
print("Nabla samples/s per fresh process (%s-bit vectors, %s threads); spread = max / min; * = a window disturbed by other processes"
      % (bits, recs[0]["threads"] if recs else "?"))
print()
print("| case | batch | samples/s per process | median | spread |")
print("| --- | ---: | --- | ---: | ---: |")
for (name, batch), rs in cases.items():
    v = [r["samples_per_s"] for r in rs]
    s = sorted(v)
    marks = ["*" if r.get("foreign_cpu", 0) > 0.15 else "" for r in rs]
    print("| %s | %d | %s | %.0f | %.2f |" % (name, batch, " ".join("%.0f%s" % (x, m) for x, m in zip(v, marks)), s[len(s) // 2], s[-1] / s[0]))
EOF
echo "JSON lines in $out" >&2
