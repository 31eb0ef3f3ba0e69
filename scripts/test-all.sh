#!/usr/bin/env bash
# The one test command: installs what is missing, then checks formatting and lint (Biome), typechecks, runs
# unit tests, builds the app and runs the end-to-end tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "== format and lint"; npx biome ci .
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== unit tests"; npx vitest run
echo "== build"; npx vite build --logLevel warn
echo "== end-to-end tests"; npx playwright test
