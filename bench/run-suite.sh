#!/usr/bin/env bash
# Every scenario on both forms, one after the other, each with its own ceiling run; figures go to target/bench/.
# Extra options are passed to each run (for example --duration 30s). About 30 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
for form in all-in-one cluster; do
  for scenario in catalog home feed purchase mixed; do
    java -jar bench/target/bench.jar --scenario "$scenario" --form "$form" "$@"
  done
done
