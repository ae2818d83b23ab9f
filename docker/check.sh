#!/usr/bin/env bash
# `make docker-check`: build the image with podman (chroot isolation: no daemon, no user namespaces needed) from a local
# Debian base (docker/base.sh) and a wheelhouse of the host's pip, then the image's test stage enhances a photo with the
# default model inside it. Exit 0 only if the test image was built (its RUN smoke check passed).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
BASE_TAG=${BASE_TAG:-localhost/facesr-base:bookworm}
FACES=${FACESR_FACES:-$(cd .. && pwd)/shared/faces}
CACHE=${FACESR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/facesr}
WHEELHOUSE=${WHEELHOUSE:-$CACHE/wheelhouse}
t0=$SECONDS; lap() { echo "docker-check: $1 ($((SECONDS - t0)) s so far)"; }
quiet() { grep -v '^WARNING: Location' || true; }
command -v podman >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman; }
docker/base.sh "$BASE_TAG"; lap "base image $BASE_TAG"
# Every wheel the image needs, fetched or built once by the host's pip (its index and caches), used as a build volume,
# with the exact versions the host's resolver picks from it (the image installs those with --no-deps: no resolver inside).
mkdir -p "$WHEELHOUSE"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PYV=${BASE_PYTHON:-3.11.2}   # Debian bookworm's python3.11 (some packages' newest releases need a later 3.11.x)
{ echo torch==2.14.1; echo torchvision==0.29.1; "$BIN/python" -c "import configparser; c = configparser.ConfigParser(interpolation=None); c.read('settings.ini'); print('\n'.join(c['DEFAULT']['requirements'].split()))"; } > "$tmp/req.txt"
"$BIN/pip" wheel -q --no-deps -w "$WHEELHOUSE" -r "$tmp/req.txt" 2>&1 | quiet      # builds the sdist-only ones
"$BIN/pip" download -q --only-binary :all: --python-version "$PYV" --find-links "$WHEELHOUSE" -d "$WHEELHOUSE" -r "$tmp/req.txt" 2>&1 | quiet
"$BIN/python" docker/lock.py exclude "$WHEELHOUSE" "$PYV" > "$tmp/exclude.txt"
"$BIN/pip" install -q --dry-run --target "$tmp/target" --ignore-installed --no-index --only-binary :all: --python-version "$PYV" --find-links "$WHEELHOUSE" \
  -c "$tmp/exclude.txt" --report "$tmp/report.json" -r "$tmp/req.txt" 2>&1 | quiet
"$BIN/python" docker/lock.py lock "$tmp/report.json" > "$WHEELHOUSE/requirements.lock"
"$BIN/pip" download -q --only-binary :all: --python-version "$PYV" --no-deps -d "$WHEELHOUSE" uv==0.13.9 2>&1 | quiet   # the image's installer (not locked: not a dependency)
lap "wheelhouse $WHEELHOUSE ($(du -sh "$WHEELHOUSE" | cut -f1), $(wc -l < "$WHEELHOUSE/requirements.lock") packages locked)"
mkdir "$tmp/faces" "$tmp/model"
cp "$(ls "$FACES"/raw/*.jpg | head -1)" "$tmp/faces/"
if ! "$BIN/python" -c "from facesr.archs.packaged import default_model_path; [default_model_path(verify=True, kind=k) for k in ('clean', 'real')]" 2>/dev/null; then
  echo "docker-check: no packaged clean and real models yet (make study and make study-real publish them): untrained tiny ones stand in for the smoke check"
  "$BIN/python" - "$tmp/model" <<'PY'
import sys, torch; from pathlib import Path
from facesr.archs.model import build_model; from facesr.archs.checkpoint import save_checkpoint
from facesr.core.base import write_json, sha256_file
d = Path(sys.argv[1]); torch.manual_seed(0)
for stem in ('default', 'real'):
    f = save_checkpoint(d/f'{stem}.pt', 'final', build_model('tiny'))
    write_json(d/f'{stem}.json', {'method': 'untrained tiny (docker-check stand-in)', 'sha256': sha256_file(f)})
PY
fi
podman rmi -f facesr:test >/dev/null 2>&1 || true
if ! podman build --isolation chroot --build-arg BASE="$BASE_TAG" --build-arg LOCK_SHA="$(sha256sum "$WHEELHOUSE/requirements.lock" | cut -c1-16)" -v "$WHEELHOUSE:/wheels:ro" -v "$tmp/faces:/faces:ro" \
     -v "$tmp/model:/model:ro" --target test -t facesr:test -f Dockerfile . > "$tmp/build.log" 2>&1; then
  tail -n 40 "$tmp/build.log"; echo "docker-check: FAILED: podman build"; exit 1
fi
grep -E 'facesr ready|smoke check passed|facesr_enhance:' "$tmp/build.log" || true
podman image exists facesr:test || { tail -n 40 "$tmp/build.log"; echo "docker-check: FAILED: no facesr:test image"; exit 1; }
podman image prune -f >/dev/null 2>&1 || true   # drop the previous builds' dangling layers
lap "image built, smoke check passed: $(podman image inspect facesr:test --format '{{.Size}}' | awk '{printf "%.1f GB", $1/1e9}')"
