#!/usr/bin/env bash
# Compares two JVM option sets (or thread counts) over fresh `nabla bench GROUP` processes, alternating A and B, so
# that a change of the machine's own speed over the minutes hits both sides alike; prints each side's samples/s per
# process, median and spread (max / min). Run it under the machine's quiet wrapper; --host adds
# scripts/HostCanary.java (FMA and cache-bandwidth rates, no Nabla code) before each pair, to tell a slow process
# from a slow machine.
#
#   scripts/bench-ab.sh [--runs N] [--warmup S] [--min-time S] [--threads-a T] [--threads-b T] [--host] GROUP "OPTS_A" "OPTS_B"
#   e.g. scripts/bench-ab.sh --runs 3 mlp "" "-XX:+AlwaysPreTouch -Xms400m"
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=3 warmup=5 min_time=1 ta=2 tb=2 host=0 args=()
while (( $# )); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --min-time) min_time=$2; shift 2 ;;
        --threads-a) ta=$2; shift 2 ;;
        --threads-b) tb=$2; shift 2 ;;
        --host) host=1; shift ;;
        -h|--help) sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) (( ${#args[@]} )) && { args+=("$1"); shift; continue; }  # after GROUP: an option set such as "-Xms400m"
            echo "bench-ab: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
(( ${#args[@]} == 3 )) || { echo "bench-ab: need GROUP \"OPTS_A\" \"OPTS_B\" (see --help)" >&2; exit 2; }
group=${args[0]} opts=("${args[1]}" "${args[2]}") threads=("$ta" "$tb")
. "$root/scripts/find-jdk.sh"
out=$(mktemp -d "${TMPDIR:-/tmp}/bench-ab-XXXXXX")
"$root/nabla" --version >/dev/null 2>&1 || "$root/nabla" --version
for ((i = 1; i <= runs; i++)); do
    (( host )) && java --add-modules jdk.incubator.vector ${opts[0]} "$root/scripts/HostCanary.java" 2>/dev/null | sed "s/^/pair $i: /" >&2
    for s in 0 1; do
        echo "-- pair $i, side $([[ $s == 0 ]] && echo A || echo B)" >&2
        NABLA_JAVA_OPTS="${opts[s]}" "$root/nabla" bench "$group" --threads "${threads[s]}" --warmup "$warmup" --min-time "$min_time" \
            --windows 3 --retries 1 --wait-quiet 3 2>/dev/null | grep '^{' >>"$out/$s.jsonl" || true
    done
done
for s in 0 1; do
    python3 - "$out/$s.jsonl" "$([[ $s == 0 ]] && echo A || echo B): '${opts[s]}', ${threads[s]} threads" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
print("%s, %s-bit vectors" % (sys.argv[2], recs[0]["vector_bits"] if recs else "?"))
cases = {}
for r in recs:
    cases.setdefault((r["name"], r["batch"]), []).append(r)
for (name, batch), rs in cases.items():
    v = [r["samples_per_s"] for r in rs]
    s = sorted(v)
    marks = ["*" if r.get("foreign_cpu", 0) > 0.15 else "" for r in rs]
    print("  %s b%d: %s  median %.0f  spread %.2f" % (name, batch, " ".join("%.0f%s" % (x, m) for x, m in zip(v, marks)), s[len(s) // 2], s[-1] / s[0]))
PY
done
echo "JSON lines in $out" >&2
