#!/usr/bin/env bash
# A local Debian bookworm base image with Python 3.11, for machines that cannot pull registry images:
# debootstrap (Debian's own packages), cached as a tarball, then `podman import`. Usage: docker/base.sh [TAG]
set -euo pipefail
TAG=${1:-localhost/facesr-base:bookworm}
if podman image exists "$TAG"; then echo "base image $TAG exists"; exit 0; fi
CACHE=${FACESR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/facesr}; mkdir -p "$CACHE"
TAR=$CACHE/debian-bookworm-python3.11.tar
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [ ! -f "$TAR" ]; then
  command -v debootstrap >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
  root=$(mktemp -d /var/tmp/facesr-base.XXXXXX); trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=python3.11,python3.11-venv,python3-distutils,python3-lib2to3,python3-pip-whl,python3-setuptools-whl,ca-certificates bookworm "$root" "$MIRROR"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -cf "$TAR.part" . && mv "$TAR.part" "$TAR"
fi
podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' "$TAR" "$TAG"
