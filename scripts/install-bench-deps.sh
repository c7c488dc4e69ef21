#!/usr/bin/env bash
# Installs the anchors the benchmarks in bench/ run against, from Debian's packages:
# Prometheus 2.42 (+ promtool), Alertmanager 0.25 and VictoriaMetrics 1.79 (for vmalert).
# Idempotent; needs root (or sudo). Daemons the packages would start are kept from starting
# (policy-rc.d exits 101 during the install): the benchmarks start their own on random ports.
set -euo pipefail

packages=(prometheus prometheus-alertmanager victoria-metrics)
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
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  $SUDO rm -f /usr/sbin/policy-rc.d
  trap - EXIT
fi

for bin in prometheus promtool prometheus-alertmanager vmalert; do
  command -v "$bin" >/dev/null || { echo "install-bench-deps: $bin not found after install" >&2; exit 1; }
done
echo "install-bench-deps: $(prometheus --version 2>&1 | head -1)"
echo "install-bench-deps: $(prometheus-alertmanager --version 2>&1 | head -1)"
echo "install-bench-deps: vmalert (victoria-metrics $(dpkg-query -W -f '${Version}' victoria-metrics))"
