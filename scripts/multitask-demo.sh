#!/usr/bin/env bash
# Does an auxiliary task help? LeNet-5 on a stratified subset of Fashion-MNIST (the main task: 10 classes), trained
# alone ("single") and with an auxiliary head predicting the coarse group of the class (tops / footwear / other) with
# fixed loss weights ("fixed", --task-weights $FIXED) and learned uncertainty weights ("uncertainty"), over the same
# seeds; each run's initial trunk and main head are the same as the single-task run's of its seed. Prints the
# main-task test accuracies (full 10,000-image test set) and paired t-tests against "single".
# Settings (environment): SEEDS, EPOCHS, TRAIN_LIMIT, FIXED, THREADS, OUT. Completed runs are kept and skipped, so an
# interrupted script continues where it stopped. Needs Fashion-MNIST under $NABLA_DATA/fashion-mnist.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEEDS=${SEEDS:-1 2 3 4 5}
EPOCHS=${EPOCHS:-10}
TRAIN_LIMIT=${TRAIN_LIMIT:-5000}
FIXED=${FIXED:-1,0.5}
THREADS=${THREADS:-2}
OUT=${OUT:-$root/runs/multitask-demo}
mkdir -p "$OUT"
echo "lenet5 on fashion-mnist: $TRAIN_LIMIT training images, $EPOCHS epochs, seeds $SEEDS, $THREADS threads; runs in $OUT"
for seed in $SEEDS; do
    for condition in single fixed uncertainty; do
        dir=$OUT/$condition-seed$seed
        [[ -f $dir/summary.json ]] && continue
        rm -rf "$dir"
        extra=()
        case $condition in
            fixed) extra=(--aux-task coarse --task-weights "$FIXED") ;;
            uncertainty) extra=(--aux-task coarse --task-weights uncertainty) ;;
        esac
        "$root/nabla" train lenet5 --dataset fashion-mnist --train-limit "$TRAIN_LIMIT" --epochs "$EPOCHS" --seed "$seed" \
            --threads "$THREADS" --out "$dir" "${extra[@]}" > "$OUT/$condition-seed$seed.log"
        echo "$condition seed $seed: $(grep '^test accuracy [0-9]' "$OUT/$condition-seed$seed.log" | head -1)"
    done
done
. "$root/scripts/find-jdk.sh"
java --class-path "$root/nabla-cli/target/nabla.jar" "$root/scripts/MultitaskTable.java" "$OUT" $SEEDS
