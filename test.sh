#!/usr/bin/env bash
# The test command: builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Observability.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet test Observability.sln -c Release --no-build --nologo -v quiet -- RunConfiguration.TreatNoTestsAsError=false "$@"
