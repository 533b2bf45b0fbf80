#!/usr/bin/env bash
# The Live view end to end (docs/live.md): a real redis-server (apt-installed when missing and we
# are root), the tap bridge, real NestJS servers and ClientProxy, the built app in Chromium; then
# the bridge alone on real NATS, MQTT and RabbitMQ (firehose) brokers.
# Builds the site first unless dist/ is there (CI has just built it); E2E_PORT moves the preview.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# The brokers, installed up front (as root, on a fresh Debian) so no test spends its time in
# apt-get; src/conformance/brokers.ts would install a missing one too, or say what to run.
missing=()
for pair in redis-server:redis-server nats-server:nats-server mosquitto:mosquitto \
  rabbitmq-server:/usr/lib/rabbitmq/bin/rabbitmq-server; do
  command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "tap:check: installing Debian's ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f dist/index.html ] || npx vite build
exec npx playwright test -c playwright.tap.config.ts e2e/tap/live.spec.ts e2e/tap/bridge.spec.ts "$@"
