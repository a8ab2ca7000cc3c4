#!/usr/bin/env bash
# Data-drift monitoring time, mlops vs Evidently's DataDriftPreset, on the same generated Parquet files
# (20 columns: 15 numeric, 5 categorical; the current file drifts in 7 of them), in the same run.
#   bench/monitor.sh [WORKDIR] [REPEATS]      (default /tmp/mlops-bench-monitor, 3; the peer needs
#   pip install evidently; PEER_PYTHON picks its interpreter)
# Each measurement runs in a fresh process; prints a Markdown table of medians.
set -euo pipefail
work="${1:-/tmp/mlops-bench-monitor}"
repeats="${2:-3}"
python="${PEER_PYTHON:-python3}"
mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "| rows (each side) | mlops median s | mlops drifted | Evidently median s | Evidently drifted | speed-up |"
echo "|---|---|---|---|---|---|"
for rows in ${BENCH_ROWS:-100000 1000000}; do
  ref="$work/reference-$rows.parquet"; cur="$work/current-$rows.parquet"
  [[ -f "$ref" ]] || java -cp "$jar" dev.mlops.bench.GenerateDriftData "$ref" "$rows" 0 0.1
  [[ -f "$cur" ]] || java -cp "$jar" dev.mlops.bench.GenerateDriftData "$cur" "$rows" 0.2 0.2
  : > "$work/ours"; : > "$work/theirs"
  for _ in $(seq "$repeats"); do
    ours=$("${measured_java[@]}" -cp "$jar" dev.mlops.bench.MonitorRun "$ref" "$cur")
    echo "$ours" | field seconds >> "$work/ours"
    theirs=$("$python" "$root/bench/python/drift_peer.py" "$ref" "$cur"); echo "$theirs" | field seconds >> "$work/theirs"
  done
  o=$(median < "$work/ours"); t=$(median < "$work/theirs")
  awk -v r="$rows" -v o="$o" -v t="$t" -v od="$(echo "$ours" | field drifted)" -v td="$(echo "$theirs" | field drifted)" \
    'BEGIN { printf "| %d | %.2f | %s | %.2f | %s | %.1f× |\n", r, o, od, t, td, t / o }'
done
