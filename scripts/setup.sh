#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: Node packages, Debian's Chromium, tshark
# (the tests check the workbench's dissector against it) with dumpcap (what `sensor --live` captures with).
# Never downloads a browser of its own (no `npx playwright install`): the machine reaches only the
# npm registry and Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "setup: installing Debian's chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if ! command -v tshark >/dev/null 2>&1 || ! command -v dumpcap >/dev/null 2>&1; then
  # The tests cross-check the dissector and the display-filter engine against tshark itself; dumpcap comes
  # with it (wireshark-common).
  echo "setup: installing Debian's tshark and dumpcap"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # Answer wireshark-common's question (may non-root users capture?) up front so the install never waits.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tshark >/dev/null
fi

if ! command -v hping3 >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
  # The sensor's live test floods and browses between network namespaces it creates (cli/sensor-live.test.ts).
  echo "setup: installing Debian's hping3, curl and iproute2"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hping3 curl iproute2 >/dev/null
fi

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
  # The sensor fleet runs on a local NATS JetStream cluster (cli/lib/fleet/nats-cluster.ts); Debian puts the
  # server in /usr/sbin, which a non-root PATH may lack, hence the second check.
  echo "setup: installing Debian's nats-server"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nats-server >/dev/null
fi

if [ -f package-lock.json ]; then npm ci --no-fund --no-audit; else npm install --no-fund --no-audit; fi
