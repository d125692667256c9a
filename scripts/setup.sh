#!/usr/bin/env bash
# Installs the Debian packages Diorama needs, only the ones that are missing. Idempotent:
# a second run does nothing and prints one line.
#   libblas-dev, liblapacke-dev  dense linear algebra (CLinearAlgebra system library)
#   zlib1g-dev                   deflate for the PNG writer
#   ffmpeg                       muxing frames and sound into clip.mp4, ffprobe in tests
#   libespeak-ng-dev, espeak-ng-data  dialogue (DioramaAudio loads libespeak-ng.so.1 at run time)
set -euo pipefail

packages=(libblas-dev liblapacke-dev zlib1g-dev ffmpeg libespeak-ng-dev espeak-ng-data)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present (${packages[*]})"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: installed ${missing[*]}"
