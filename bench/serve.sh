#!/usr/bin/env bash
# Single-row serving throughput and latency: `mlops serve` vs `mlflow models serve` (scikit-learn logistic
# regression, same features), both on loopback, measured with Debian's wrk in the same run.
#   bench/serve.sh [WORKDIR] [SECONDS]     (default /tmp/mlops-bench-serve, 10; needs wrk, and for the peer
#   pip install mlflow scikit-learn; PEER_PYTHON picks its interpreter, MLFLOW picks the mlflow command)
# Prints a Markdown table: saturation (16 connections) and a lighter load (2 connections) per server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/mlops-bench-serve}"
seconds="${2:-10}"
python="${PEER_PYTHON:-python3}"
mlflow="${MLFLOW:-mlflow}"
mkdir -p "$work"
cd "$work"
rm -rf .mlops
"$root/mlops" train --data "$root/examples/data/train.csv" --target churned --algorithm logistic --seed 1 \
  --out m.zip >/dev/null
"$root/mlops" register --model m.zip --name churn --alias production --reason bench >/dev/null
"$python" "$root/bench/python/serve_peer.py" "$root/examples/data/train.csv" "$work/peer-model" >/dev/null

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
wait_up() { for _ in $(seq 120); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not up: $1" >&2; exit 1; }
"$root/mlops" serve --model churn@production --port 18080 >serve.log 2>&1 & pids+=($!)
"$mlflow" models serve -m "$work/peer-model" --env-manager local -p 18081 -w "${PEER_WORKERS:-2}" >peer.log 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18080/v2/health/ready
wait_up http://127.0.0.1:18081/ping

run() { # name url script connections threads
  wrk -t"$5" -c"$4" -d5s -s "$3" "$2" >/dev/null   # warm-up
  out=$(wrk -t"$5" -c"$4" -d"${seconds}s" --latency -s "$3" "$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "| $1 | $4 | $rps | $p50 | $p99 | ${bad:-0} |"
}
echo "| server | connections | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
run "mlops serve" http://127.0.0.1:18080/v1/models/churn/predict "$root/bench/post-mlops.lua" 16 2
run "mlops serve" http://127.0.0.1:18080/v1/models/churn/predict "$root/bench/post-mlops.lua" 2 1
run "mlflow models serve (${PEER_WORKERS:-2} workers)" http://127.0.0.1:18081/invocations "$root/bench/post-mlflow.lua" 16 2
run "mlflow models serve (${PEER_WORKERS:-2} workers)" http://127.0.0.1:18081/invocations "$root/bench/post-mlflow.lua" 2 1
