#!/usr/bin/env bash
# The test command: builds the solution and runs every test project, then prints "N passed, N failed" (summed
# over the projects' summaries) as its last line so CI can read the count.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build Observability.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# --logger minimal prints each failed test with its message (-v quiet alone would hide it).
# -m:1 runs the test projects one after another: several of them start real brokers, stores and training ranks,
# and on 2 cores running them side by side starves the mock Kafka consumer groups (session time-outs, rebalances).
dotnet test Observability.sln -c Release --no-build --nologo -v quiet -m:1 --logger "console;verbosity=minimal" -- RunConfiguration.TreatNoTestsAsError=false "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# Each project prints "Passed!  - Failed:     0, Passed:    12, Skipped: ..." (or "Failed!  - ...").
passed=$(grep -E '^(Passed|Failed)! +- ' "$log" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)! +- ' "$log" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^(Passed|Failed)! +- ' "$log" | grep -oE 'Skipped: +[0-9]+' | awk '{s+=$2} END {print s+0}')
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host that crashed or hung prints no summary: count the run as failed rather than report a clean total.
  echo "dotnet test exited with $rc without a failed-test count (aborted test host?)"
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
