#!/usr/bin/env bash
# Training time, holdout AUC (RMSE for linear regression of the 0/1 label) and batch scoring throughput, mlops vs
# scikit-learn / xgboost-python on the same generated data in the same run.
#   bench/train.sh [WORKDIR]          (default /tmp/mlops-bench-train; needs: pip install scikit-learn xgboost pandas)
# Prints a Markdown table. Random forest is measured at BENCH_RF_ROWS rows (default 100000) against scikit-learn's
# RandomForestClassifier(n_jobs=2); set BENCH_RF_ROWS= (empty) to leave it out. BENCH_SEED (default 42) seeds both
# sides, to see how much a result moves with the seed. TrainRun keeps profiles in ./.mlops/cache as `mlops train` does:
# after a file's first run, its profile is reused (docs/benchmarks.md says what that saves).
set -euo pipefail
work="${1:-/tmp/mlops-bench-train}"
mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
java -cp "$jar" dev.mlops.bench.GenerateTrainingCsv "$work/holdout.csv" 50000 7
echo "| rows | algorithm | mlops train s | mlops AUC / RMSE | mlops score rows/s | peer | peer train s | peer AUC / RMSE | peer score rows/s | time ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
quality() { sed -n "s/.*\(auc\|rmse\)=\([^ ]*\).*/\2/p"; }
runs=""
rf_rows="${BENCH_RF_ROWS-100000}"   # set BENCH_RF_ROWS= (empty) to leave random forest out
[[ -n "$rf_rows" ]] && runs="$rf_rows:random-forest"
for rows in ${BENCH_ROWS:-100000 1000000}; do
  runs="$runs $rows:logistic $rows:xgboost $rows:linear"
done
for run in $runs; do
  rows="${run%%:*}"; algorithm="${run#*:}"
  train="$work/train-$rows.csv"
  [[ -f "$train" ]] || java -cp "$jar" dev.mlops.bench.GenerateTrainingCsv "$train" "$rows" 42
  {
    ours=$("${measured_java[@]}" -Xmx12g -cp "$jar" dev.mlops.bench.TrainRun "$train" "$work/holdout.csv" "$algorithm")
    case "$algorithm" in
      logistic) peer="sklearn LogisticRegression" ;;
      linear) peer="sklearn LinearRegression" ;;
      random-forest) peer="sklearn RandomForestClassifier(n_jobs=2)" ;;
      *) peer="xgboost-python hist" ;;
    esac
    theirs=$(python3 "$root/bench/python/train_peer.py" "$train" "$work/holdout.csv" "$algorithm")
    ot=$(echo "$ours" | field train_s); pt=$(echo "$theirs" | field train_s)
    ratio=$(awk -v a="$ot" -v b="$pt" 'BEGIN { if (b == "-" || b == 0) print "-"; else printf "%.1f×", a / b }')
    echo "| $rows | $algorithm | $ot | $(echo "$ours" | quality) | $(echo "$ours" | field score_rows_per_s) | $peer | $pt | $(echo "$theirs" | quality) | $(echo "$theirs" | field score_rows_per_s) | $ratio |"
  }
done
