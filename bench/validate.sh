#!/usr/bin/env bash
# Validation throughput and memory against DuckDB's own count(*) scan of the same files, in the same run.
#   bench/validate.sh [WORKDIR] [REPEATS]      (default /tmp/mlops-bench, 3)
# Generates ~0.25, 0.5 and 1 GB CSVs (12 mixed columns), then runs each measurement REPEATS times, each in a fresh
# JVM under /usr/bin/time for the peak RSS, and prints a Markdown table of medians.
set -euo pipefail
work="${1:-/tmp/mlops-bench}"
repeats="${2:-3}"
mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
schema="$root/bench/validate-bench.schema.yaml"

echo "| file | size (MB) | rows | duckdb count(*) median s | validate median s | validate MB/s | validate / count speed | count peak RSS MB | validate peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
for rows in ${BENCH_ROWS:-2830000 5650000 11300000}; do
  csv="$work/bench-$rows.csv"
  [[ -f "$csv" ]] || java -cp "$jar" dev.mlops.bench.GenerateCsv "$csv" "$rows"
  mb=$(awk -v b="$(stat -c %s "$csv")" 'BEGIN {printf "%.0f", b / 1e6}')
  : > "$work/count.t"; : > "$work/count.m"; : > "$work/val.t"; : > "$work/val.m"
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%M" -o "$work/rss" "${measured_java[@]}" -cp "$jar" dev.mlops.bench.DuckDbScanRun "$csv" \
      | sed -n 's/.*seconds=//p' >> "$work/count.t"
    cat "$work/rss" >> "$work/count.m"
    /usr/bin/time -f "%M" -o "$work/rss" "${measured_java[@]}" -cp "$jar" dev.mlops.bench.ValidateRun "$csv" "$schema" \
      | sed -n 's/.*seconds=//p' >> "$work/val.t"
    cat "$work/rss" >> "$work/val.m"
  done
  ct=$(median < "$work/count.t"); vt=$(median < "$work/val.t")
  cm=$(sort -g "$work/count.m" | tail -1); vm=$(sort -g "$work/val.m" | tail -1)
  awk -v f="$(basename "$csv")" -v mb="$mb" -v rows="$rows" -v ct="$ct" -v vt="$vt" -v cm="$cm" -v vm="$vm" 'BEGIN {
    printf "| %s | %d | %d | %.2f | %.2f | %.0f | %.1f%% | %.0f | %.0f |\n", f, mb, rows, ct, vt, mb / vt, 100 * ct / vt, cm / 1024, vm / 1024 }'
done
