#!/bin/sh
# Install Debian/Ubuntu packages the project needs (python3-venv, chromium) when they are
# missing: as root directly, otherwise through passwordless sudo. Says what to run when
# it cannot, and fails, so a missing package is never silently skipped.
set -eu
[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "Missing system package(s): $*. Install them with: sudo apt-get install -y $*" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system package(s): $*, and this is not a Debian/Ubuntu system (no apt-get)." >&2
  exit 1
fi
echo "Installing system package(s): $*"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
