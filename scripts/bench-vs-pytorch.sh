#!/usr/bin/env bash
# Runs `nabla bench` and the PyTorch reference (../shared/bench/pytorch/ref_bench.py) on this machine in one go,
# alternating the two sides group by group so both see the same machine, then prints a table of the ratios.
#
#   scripts/bench-vs-pytorch.sh [--threads T] [--min-time S] [--warmup S] [--repeat N] [--wait-quiet S] [--only GROUPS] [--out FILE]
#
# --threads     kernel threads on both sides (torch.set_num_threads and OpenBLAS; Nabla's pool), default 2
# --min-time    timed seconds per case (the gemm_shapes and conv groups cap it at 2 on both sides), default 1
# --warmup      warm-up seconds of each model workload (mlp, lenet, lstm, gpt) on both sides, default 20: on 2 cores Nabla's JIT
#               takes 10-20 s to compile a model's kernels (LeNet's first step alone runs ~1.5 s interpreted), so a
#               short warm-up times compilation, not training
# --repeat      run the model groups N times, the side that goes first alternating; the models table gives each
#               case's median ratio over the repeats and every repeat's ratio (this VM's speed drifts by up to 2x
#               over minutes, so one pair of runs minutes apart can land in different phases), default 1
# --wait-quiet  before each case wait up to S seconds for other processes to go quiet, default 10
# --only        comma-separated groups to run, of kernels (sgemm, gemm shapes, conv), mlp, lenet, lstm (the
#               reference's char_lstm_train, tokens/s), gpt (its gpt_train, tokens/s), cifar_cnn, resnet20 (its
#               cifar_cnn_train and resnet20_train, batch 128 of 3x32x32), unet (its unet_train, batch 16 of
#               1x64x64), ssd (the single-shot detector's step, batch 32 of 1x64x64, beside the project's own
#               scripts/pytorch_ssd_reference.py), vae, dcgan (not in the default: --only vae,dcgan); default all
# --out         where the JSON lines go, default ${TMPDIR:-/tmp}/bench-vs-pytorch-<date>-t<T>.jsonl
#
# Nabla's kernels run at the machine's vector width (512 bits on AVX-512, 256 on AVX2); for the 256-bit figures on an
# AVX-512 machine run it as NABLA_JAVA_OPTS=-XX:UseAVX=2 scripts/bench-vs-pytorch.sh. The header names the width
# and the CPU's vector flags.
#
# PyTorch runs on Debian's /usr/bin/python3 with OpenBLAS's OpenMP build (it shares torch's OpenMP pool: the fair
# baseline, see ../shared/bench/pytorch/README.md). Every JSON line carries foreign_cpu, the cores other processes
# used while it was timed; the table marks lines above 0.15 as disturbed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

threads=2 min_time=1 warmup=20 repeat=1 wait_quiet=10 only=kernels,mlp,lenet,lstm,gpt,cifar_cnn,resnet20,unet,ssd out=""
while (( $# )); do
    case $1 in
        --threads) threads=$2; shift 2 ;;
        --min-time) min_time=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --wait-quiet) wait_quiet=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "bench-vs-pytorch: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
out=${out:-${TMPDIR:-/tmp}/bench-vs-pytorch-$(date +%F-%H%M%S)-t$threads.jsonl}
for g in ${only//,/ }; do
    case $g in kernels|mlp|lenet|lstm|gpt|cifar_cnn|resnet20|unet|ssd|vae|dcgan) ;;
        *) echo "bench-vs-pytorch: --only takes kernels, mlp, lenet, lstm, gpt, cifar_cnn, resnet20, unet, ssd, vae, dcgan; got '$g'" >&2; exit 2 ;; esac
done
runs() { [[ ,$only, == *,$1,* ]]; }

python=/usr/bin/python3
ref=${NABLA_PYTORCH_REF:-$root/../shared/bench/pytorch/ref_bench.py}   # another checkout's (a worktree elsewhere): NABLA_PYTORCH_REF=PATH
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [[ ! -f $ref ]]; then
    echo "bench-vs-pytorch: the PyTorch reference $ref is missing (the shared/ checkout beside the repository)" >&2
    exit 1
fi
if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "bench-vs-pytorch: $python cannot import torch; install it with: apt-get install -y python3-torch" >&2
    exit 1
fi
if [[ ! -e $openblas/libblas.so.3 ]]; then
    echo "bench-vs-pytorch: OpenBLAS (OpenMP build) is missing; install it with: apt-get install -y libopenblas0-openmp" >&2
    exit 1
fi
"$root/nabla" --version >/dev/null 2>&1 || "$root/nabla" --version   # builds nabla first, shows why if that fails

timing=(--threads "$threads" --min-time "$min_time" --windows 3 --retries 3 --max-foreign 0.15 --wait-quiet "$wait_quiet")
# Each side's process peak resident set (KB, /usr/bin/time's %M) goes into $rss as "<side> <group> <KB>" lines.
rss=$out.rss
nabla() {
    echo "-- nabla bench $1" >&2
    /usr/bin/time -f "nabla $1 %M" -a -o "$rss" "$root/nabla" bench "$@" "${timing[@]}" \
        2> >(grep -v '^WARNING: Using incubator modules' >&2) >>"$out"
}
torch() {
    if [[ $1 == ssd ]]; then # the SSD's twin is the project's own script (ref_bench.py has no detector)
        echo "-- pytorch_ssd_reference.py $*" >&2
        shift
        LD_LIBRARY_PATH=$openblas /usr/bin/time -f "pytorch ssd %M" -a -o "$rss" "$python" "$root/scripts/pytorch_ssd_reference.py" "$@" \
            --threads "$threads" --min-time "$min_time" --windows 3 >>"$out"
        return
    fi
    echo "-- ref_bench.py $*" >&2
    LD_LIBRARY_PATH=$openblas /usr/bin/time -f "pytorch $1 %M" -a -o "$rss" "$python" "$ref" "$@" "${timing[@]}" >>"$out"
}

: >"$out"
: >"$rss"
start=$SECONDS
LD_LIBRARY_PATH=$openblas "$python" "$ref" info >>"$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Each pair of groups runs back to back, and the side that goes first alternates.
if runs kernels; then
    nabla sgemm
    torch sgemm --lib torch
    torch gemm_shapes
    nabla gemm_shapes
    nabla conv
    torch conv_layers
fi
# A model group on both sides, the given side first.
pair() {
    if [[ $2 == torch ]]; then torch "$1" --warmup "$warmup"; nabla "$1" --warmup "$warmup"
    else nabla "$1" --warmup "$warmup"; torch "$1" --warmup "$warmup"; fi
}
for ((i = 0; i < repeat; i++)); do
    if (( i % 2 == 0 )); then first=torch second=nabla; else first=nabla second=torch; fi
    if runs mlp; then pair mlp $first; fi
    if runs lenet; then pair lenet $second; fi
    if runs lstm; then pair lstm $first; fi
    if runs gpt; then pair gpt $second; fi
    if runs cifar_cnn; then pair cifar_cnn $first; fi
    if runs resnet20; then pair resnet20 $second; fi
    if runs unet; then pair unet $first; fi
    if runs ssd; then pair ssd $second; fi
    if runs vae; then pair vae $first; fi
    if runs dcgan; then pair dcgan $second; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); $((SECONDS - start)) s; JSON lines in $out" >&2

"$python" - "$out" "$rss" <<'EOF'
import json, sys

recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
info = next(r for r in recs if r.get("name") == "info")
MODELS = ("mlp_train", "mlp_infer", "lenet5_train", "lenet5_infer", "char_lstm_train", "gpt_train", "cifar_cnn_train", "resnet20_train", "unet_train", "ssd_train", "vae_train", "dcgan_train")

def rate(r):
    return r["samples_per_s"] if "samples_per_s" in r else r["tokens_per_s"]
nabla = [r for r in recs if r.get("lib") == "nabla"]
torch = [r for r in recs if "torch_version" in r and r.get("name") != "info"]

def shape(r):
    return r["shape"] if "shape" in r else "%dx%dx%d" % (r["size"], r["size"], r["size"])

def case(r):
    return r["layer"] if r["name"] == "conv2d_fwd_bwd" else shape(r)

def pick(rs, name, c):
    return next((r for r in rs if r["name"] == name and case(r) == c), None)

def fig(r):
    if r is None:
        return "-"
    mark = "*" if r.get("foreign_cpu", 0) > 0.15 else ""
    return "%.1f%s" % (r["gflops"], mark)

def ratio(a, b):
    return "%.2f" % (a["gflops"] / b["gflops"]) if a and b else "-"

n0 = nabla[0] if nabla else {}
flags = set()
for line in open("/proc/cpuinfo"):
    if line.startswith("flags"):
        flags = set(line.split(":", 1)[1].split())
        break
vector_flags = " ".join(f for f in ("avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq") if f in flags)
print("threads %s | %s | %d cores | CPU flags: %s | Java %s, Nabla's kernels at %s-bit vectors | torch %s, BLAS %s"
      % (n0.get("threads"), info["cpu"], info["nproc"], vector_flags or "none", n0.get("java_version"), n0.get("vector_bits"),
         info["torch_version"], torch[0].get("blas", "?") if torch else "?"))
print("GFLOP/s (conv: forward + input grad + weight grad); ratio = Nabla / PyTorch, below 1 means Nabla is slower;"
      " * = other processes used more than 0.15 cores while that line was timed")
models = [t for t in torch if t["name"] in MODELS]
kernels = [t for t in torch if t not in models]
if kernels:
    print()
    print("| case | shape | Nabla matmul | Nabla Sgemm.gemm | PyTorch | ratio matmul | ratio Sgemm.gemm | ms/step Nabla / PyTorch |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for t in kernels:
    c = case(t)
    if t["name"] == "conv2d_fwd_bwd":
        a, raw = pick(nabla, "conv2d_fwd_bwd", c), None
    else:
        a, raw = pick(nabla, "sgemm_nabla", c), pick(nabla, "sgemm_nabla_raw", c)
    ms = "%.3g / %.3g" % (a["ms_per_step"], t["ms_per_step"]) if a else "-"
    label = c if t["name"] == "conv2d_fwd_bwd" else "sgemm"
    print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (label, shape(t), fig(a), fig(raw), fig(t), ratio(a, t), ratio(raw, t), ms))
if models:
    print()
    print("Models (samples/s, char_lstm_train and gpt_train tokens/s; train = one optimiser step on a fixed batch, infer = eval forward under no-grad):")
    print()
    print("| case | batch | Nabla per s | PyTorch per s | ratio (median) | ratio per repeat | ms/step Nabla / PyTorch | Nabla GC ms/step | Nabla peak heap MB |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |")
    seen = []
    for t in models:
        key = (t["name"], t["batch"])
        if key in seen:
            continue
        seen.append(key)
        # The i-th Nabla line of a case pairs with the i-th PyTorch line: one repeat each.
        ts = [r for r in models if (r["name"], r["batch"]) == key]
        ns = [r for r in nabla if (r["name"], r["batch"]) == key]
        pairs = list(zip(ns, ts))
        if not pairs:
            continue
        ratios = sorted(rate(a) / rate(b) for a, b in pairs)
        mid = len(ratios) // 2
        median = ratios[mid] if len(ratios) % 2 else 0.5 * (ratios[mid - 1] + ratios[mid])
        mark = "*" if any(a.get("foreign_cpu", 0) > 0.15 or b.get("foreign_cpu", 0) > 0.15 for a, b in pairs) else ""
        med = lambda xs: sorted(xs)[len(xs) // 2]
        print("| %s | %d | %.0f | %.0f | %.2f%s | %s | %s | %.2f | %.0f |" % (key[0], key[1],
              med([rate(a) for a, _ in pairs]), med([rate(b) for _, b in pairs]), median, mark,
              " ".join("%.2f" % (rate(a) / rate(b)) for a, b in pairs),
              ", ".join("%.3g / %.3g" % (a["ms_per_step"], b["ms_per_step"]) for a, b in pairs),
              max(a.get("gc_ms_per_step", 0) for a, _ in pairs), max(a.get("peak_heap_mb", 0) for a, _ in pairs)))
    peaks = {}
    for line in open(sys.argv[2]):
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            peaks[(parts[0], parts[1])] = max(peaks.get((parts[0], parts[1]), 0), int(parts[2]) / 1024)
    def mb(side, group):
        return "%.0f MB" % peaks[(side, group)] if (side, group) in peaks else "?"
    print()
    print("Peak resident memory of each benchmark process (whole process: runtime, libraries, data): "
          + "; ".join("`%s`: Nabla %s, PyTorch %s" % (g, mb("nabla", g), mb("pytorch", g)) for g in ("mlp", "lenet", "lstm", "gpt", "cifar_cnn", "resnet20", "unet", "ssd")
                      if ("nabla", g) in peaks or ("pytorch", g) in peaks) + ".")
EOF
