#!/usr/bin/env bash
# Prépare une machine Debian/Ubuntu neuve : venv Python, dépendances pip, npm ci, Chromium.
# Idempotent : ne réinstalle que ce qui manque. Utilisé par les deux commandes du README.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_si_besoin() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_manquants=()
command -v python3 >/dev/null || apt_manquants+=(python3)
python3 -c "import venv, ensurepip" 2>/dev/null || apt_manquants+=(python3-venv)
command -v node >/dev/null || apt_manquants+=(nodejs)
command -v npm >/dev/null || apt_manquants+=(npm)
if [ "${AVEC_CHROMIUM:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then apt_manquants+=(chromium); fi
if [ ${#apt_manquants[@]} -gt 0 ]; then
  echo "» apt-get install ${apt_manquants[*]}"
  sudo_si_besoin apt-get update -qq
  sudo_si_besoin env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_manquants[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "» python3 -m venv .venv"
  python3 -m venv .venv
fi
empreinte=$(sha256sum pyproject.toml | cut -c1-16)
if [ "$(cat .venv/.empreinte 2>/dev/null)" != "$empreinte" ]; then
  echo "» pip install -e .[dev,site,browser]"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev,site,browser]"
  echo "$empreinte" > .venv/.empreinte
fi

if [ -f package-lock.json ]; then
  verrou=$(sha256sum package-lock.json | cut -c1-16)
  if [ "$(cat node_modules/.empreinte 2>/dev/null)" != "$verrou" ]; then
    echo "» npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$verrou" > node_modules/.empreinte
  fi
fi
