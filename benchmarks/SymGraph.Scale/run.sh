#!/bin/sh
# The table of docs/scale.md: each workload and size in its own process (so each peak is that run's).
#   benchmarks/SymGraph.Scale/run.sh [binary] [largest steps]
# binary: a built SymGraph.Scale (default: build this one); largest: 1000000 (10^7 nodes with the gradient).
set -e
here=$(dirname "$0")
bin=${1:-}
if [ -z "$bin" ]; then
  dotnet build "$here" -c Release >/dev/null
  bin="$here/bin/Release/net10.0/SymGraph.Scale"
fi
largest=${2:-1000000}
for workload in chain wide; do
  steps=1000
  while [ "$steps" -le "$largest" ]; do
    "$bin" "$workload" "$steps"
    echo
    steps=$((steps * 10))
  done
done
