#!/usr/bin/env bash
# Installs the real components Vigil's tests run against, from Debian's packages:
# Prometheus 2.42 (with promtool) and Alertmanager 0.25 (with amtool). Idempotent; needs root
# (or sudo). Daemons the packages start are stopped: tests start their own on random ports.
set -euo pipefail

packages=(prometheus prometheus-alertmanager)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d keeps the packages' post-install scripts from starting daemons on fixed ports.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  $SUDO rm -f /usr/sbin/policy-rc.d
fi

for bin in prometheus promtool prometheus-alertmanager amtool; do
  command -v "$bin" >/dev/null || { echo "install-deps: $bin not found after install" >&2; exit 1; }
done
echo "install-deps: $(prometheus --version 2>&1 | head -1)"
echo "install-deps: $(prometheus-alertmanager --version 2>&1 | head -1)"
