#!/usr/bin/env bash
# Transfer learning on MNIST (issue 13): LeNet-5 pretrained on digits 0-4, then fine-tuned on digits 5-9 with 100
# labels per class under a new head, against the same LeNet-5 trained from scratch on the same 500 images (the seed
# draws them, and the same seeds serve both arms). Prints each seed's test accuracy on all test images of digits
# 5-9, the means and the paired t-test. Needs MNIST in $NABLA_DATA (default ../shared/data).
# Settings: SEEDS (default "1 2 3 4 5"), PER_CLASS (100), EPOCHS (10, of the fine-tuning), OUT (the folder of the runs).
# About 10 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NABLA_DATA=${NABLA_DATA:-$root/../shared/data}
seeds=${SEEDS:-1 2 3 4 5}
per_class=${PER_CLASS:-100}
epochs=${EPOCHS:-10}
out=${OUT:-$root/runs/transfer-demo-$(date +%Y%m%d-%H%M%S)}
nabla=$root/nabla
mkdir -p "$out"

run() { # name, options...: one training run, its last line of results kept
    local name=$1
    shift
    "$nabla" train lenet5 --dataset mnist "$@" --out "$out/$name" > "$out/$name.log"
    grep -E '^test accuracy' "$out/$name.log" | sed "s/^/$name: /"
}

echo "pretraining LeNet-5 on digits 0-4 (1 epoch, the lenet5 recipe)"
run pretrain --classes 0-4 --epochs 1
fine_tune=(--classes 5-9 --per-class "$per_class" --epochs "$epochs" --batch-size 32)
for seed in $seeds; do
    run "transfer-$seed" "${fine_tune[@]}" --seed "$seed" --init-from "$out/pretrain" --new-head 11.
    run "scratch-$seed" "${fine_tune[@]}" --seed "$seed"
done
echo
echo "digits 5-9, $per_class labels per class, $epochs epochs; test accuracy on all test images of digits 5-9:"
. "$root/scripts/find-jdk.sh"
# shellcheck disable=SC2086
java -cp "$root/nabla-cli/target/nabla.jar" "$root/scripts/TransferTable.java" "$out" $seeds
echo "runs: $out"
