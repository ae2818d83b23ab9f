# facesr in a container: the web demo (facesr_demo, port 7860) and the study (facesr_study).
#   CPU (default):  docker build -t facesr .
#   CUDA:           docker build -t facesr:cuda --build-arg BASE=nvidia/cuda:13.0.1-cudnn-runtime-ubuntu22.04 .
#                   (PyPI's torch 2.14.1 wheel brings its own CUDA 13 libraries; the CUDA base adds the toolkit's runtime
#                   setup that `docker run --gpus all` / the NVIDIA container toolkit expects; Python 3.11 is installed if missing)
# Offline builders (CI here) pass a local base (docker/base.sh) and a wheelhouse volume: see `make docker-check`.
ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    GRADIO_ANALYTICS_ENABLED=False MPLBACKEND=Agg
RUN command -v python3.11 >/dev/null || { apt-get update && apt-get install -y --no-install-recommends python3.11 python3.11-venv ca-certificates \
      && rm -rf /var/lib/apt/lists/*; }
RUN python3.11 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first (a layer reused while they do not change): from a wheelhouse mounted at /wheels with its
# requirements.lock when the builder provides one (podman build -v DIR:/wheels:ro, see docker/check.sh: exact versions,
# --no-deps, no resolver run here), else torch from PyPI now and the rest with facesr below.
ARG LOCK_SHA=none
# uv (when the wheelhouse has it) unpacks the ~3 GB of wheels in parallel: about a third of pip's time.
RUN echo "requirements.lock ${LOCK_SHA}"; if [ -f /wheels/requirements.lock ]; then \
      if pip install -q --no-index --find-links /wheels uv==0.13.9; then uv pip install -q --python /opt/venv/bin/python --no-index --find-links /wheels --no-deps -r /wheels/requirements.lock; \
      else pip install -q --no-index --find-links /wheels --no-deps -r /wheels/requirements.lock; fi; \
    else pip install -q torch==2.14.1 torchvision==0.29.1; fi
COPY . /app
RUN if [ -f /wheels/requirements.lock ]; then PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels pip install -q --no-deps --no-build-isolation --use-pep517 -e /app && pip check; \
    else pip install -q -e /app; fi \
 && python -c "import facesr.apps.webdemo, torch; print('facesr ready, torch', torch.__version__)"
EXPOSE 7860
CMD ["facesr_demo", "--host", "0.0.0.0", "--port", "7860"]

# `--target test` (make docker-check): enhance a photo with the packaged real model (facesr_enhance's default) inside the image.
# The photo comes from a build volume (-v FACES:/faces:ro); a default model from another volume may stand in (-v DIR:/model:ro).
FROM runtime AS test
RUN set -e; if [ -f /model/default.pt ]; then export FACESR_DEFAULT_MODEL=/model; fi; \
    photo=$(ls /faces/*.jpg /faces/*.png 2>/dev/null | head -1); test -n "$photo" || { echo "no photo in /faces"; exit 1; }; \
    facesr_enhance "$photo" --out /tmp/enhanced --device cpu \
 && python -c "import glob; from facesr.data.images import load_rgb; fs = glob.glob('/tmp/enhanced/*_sr.png'); assert fs and load_rgb(fs[0]).shape == (256, 256, 3), fs; print('smoke check passed:', fs)" \
 && facesr_demo --help >/dev/null && rm -rf /tmp/enhanced
