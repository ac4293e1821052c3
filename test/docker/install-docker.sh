#!/usr/bin/env bash
# Installs, from Debian's packages, what the Docker tests need: the Docker engine (docker.io), Compose
# (docker-compose) and debootstrap (the base image is built from Debian's packages, since no image registry is
# reachable here). Installs only what is missing, so a second run costs nothing.
set -euo pipefail

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "[docker] ${missing[*]} missing; run this as root to install them with apt-get" >&2
  exit 1
fi
echo "[docker] installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
timeout 300 apt-get update -qq
# dpkg narrates every package on stdout; apt-get reports failures on stderr.
timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
