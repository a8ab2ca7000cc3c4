#!/usr/bin/env bash
# The data core (issue 15) against its peers on the same files, in the same run: validation (load, hash, profile,
# every rule of an inferred schema) against DuckDB's own typed load and pandera; drift monitoring of two files
# against Evidently's DataDriftPreset; CSV and Parquet.
#   bench/datacore.sh [WORKDIR] [REPEATS]      (default /tmp/mlops-bench-datacore, 3; BENCH_ROWS=1000000)
# The peers need pandas<3, pandera, evidently, pyarrow and pyyaml; PEER_PYTHON picks their interpreter.
# Each measurement runs in a fresh process; prints a Markdown table of medians and peak RSS (largest of the runs).
set -euo pipefail
work="${1:-/tmp/mlops-bench-datacore}"
repeats="${2:-3}"
rows="${BENCH_ROWS:-1000000}"
python="${PEER_PYTHON:-python3}"
mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for ext in csv parquet; do
  [[ -f "$work/reference-$rows.$ext" ]] || java -cp "$jar" dev.mlops.bench.GenerateWideData "$work/reference-$rows.$ext" "$rows" 0 0.1
  [[ -f "$work/current-$rows.$ext" ]] || java -cp "$jar" dev.mlops.bench.GenerateWideData "$work/current-$rows.$ext" "$rows" 0.2 0.2
done
schema="$work/schema-$rows.yaml"
[[ -f "$schema" ]] || java -Dmlops.cache=off -cp "$jar" dev.mlops.bench.InferSchemaRun "$work/reference-$rows.csv" "$schema"

# measure NAME COMMAND...: runs COMMAND $repeats times, records seconds= (and drifted=/failures=) and the peak RSS.
measure() {
  local name="$1"; shift
  : > "$work/$name.t"; : > "$work/$name.m"
  for _ in $(seq "$repeats"); do
    out=$(/usr/bin/time -f "%M" -o "$work/rss" "$@")
    echo "$out" | field seconds >> "$work/$name.t"
    cat "$work/rss" >> "$work/$name.m"
    echo "$out" | grep -o '\(drifted\|failures\|violations\)=[0-9]*' | head -1 > "$work/$name.x" || true
  done
  printf '| %s | %.2f | %.0f | %s |\n' "$name" "$(median < "$work/$name.t")" \
    "$(sort -g "$work/$name.m" | tail -1 | awk '{print $1 / 1024}')" "$(cat "$work/$name.x")"
}
echo "rows: $rows per file; $(stat -c %s "$work/current-$rows.csv" | awk '{printf "%.0f", $1 / 1e6}') MB CSV, $(stat -c %s "$work/current-$rows.parquet" | awk '{printf "%.0f", $1 / 1e6}') MB Parquet"
echo
echo "| run | median s | peak RSS MB | result |"
echo "|---|---|---|---|"
for ext in csv parquet; do
  cur="$work/current-$rows.$ext"; ref="$work/reference-$rows.$ext"
  measure "duckdb count(*) $ext" "${measured_java[@]}" -cp "$jar" dev.mlops.bench.DuckDbScanRun "$cur"
  measure "duckdb typed load $ext" "${measured_java[@]}" -cp "$jar" dev.mlops.bench.DuckDbScanRun "$cur" load
  measure "mlops validate $ext" "${measured_java[@]}" -Dmlops.cache=off -cp "$jar" dev.mlops.bench.ValidateRun \
    "$cur" "$schema"
  measure "pandera $ext" "$python" "$root/bench/python/validate_peer.py" "$cur" "$schema"
  measure "mlops monitor $ext" "${measured_java[@]}" -cp "$jar" dev.mlops.bench.MonitorRun "$ref" "$cur"
  measure "evidently $ext" "$python" "$root/bench/python/drift_peer.py" "$ref" "$cur"
done
