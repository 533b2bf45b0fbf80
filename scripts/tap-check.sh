#!/usr/bin/env bash
# The Live view end to end (docs/live.md): a real redis-server (apt-installed when missing and we
# are root), the tap bridge, real NestJS servers and ClientProxy, the built app in Chromium; then
# the bridge alone on real NATS, MQTT and RabbitMQ (firehose) brokers.
# Builds the site first unless dist/ is there (CI has just built it); E2E_PORT moves the preview.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
[ -f dist/index.html ] || npx vite build
exec npx playwright test -c playwright.tap.config.ts e2e/tap/live.spec.ts e2e/tap/bridge.spec.ts "$@"
