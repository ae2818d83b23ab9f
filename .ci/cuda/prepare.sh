#!/bin/bash
# Fill .dev/ (git-ignored via .git/info/exclude) with what .ci/cuda/run.sh needs on a GPU machine that has torch but no
# internet: the two pure-Python wheels facesr needs beyond that image, the converted ImageNet trunks (VGG16 conv1-3 exact,
# the rest fp16-rounded to fit a 64 MiB transfer; only LPIPS values in the benchmark's metric rows depend on them) and
# 16 persons' London faces. Then, on the GPU machine, from the repo root: bash .ci/cuda/run.sh (writes into $OUT).
set -e
cd "$(dirname "$0")/../.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || echo '/.dev/' >> .git/info/exclude
mkdir -p .dev/whl .dev/faces/london/neutral .dev/faces/london/smiling
pip download -q --no-deps -d .dev/whl fastcore==1.14.5 lpips==0.1.4
F=${FACESR_FACES:-../shared/faces}/london
for d in neutral smiling; do ls $F/$d | head -16 | while read f; do cp $F/$d/$f .dev/faces/london/$d/; done; done
.venv/bin/python - <<'PY'
import torch
from facesr.weights import trunk_state_dict
from facesr.core import cache_dir
for net, keep32 in (('vgg16', ('0.', '2.', '5.', '7.', '10.', '12.', '14.')), ('alexnet', ())):
    trunk_state_dict('vgg16' if net == 'vgg16' else 'alex')  # converts into the cache if needed
    o = torch.load(cache_dir()/'weights'/f'{net}_features.pt', weights_only=True)
    o['features'] = {k: (v if k.startswith(keep32) else v.half()) for k, v in o['features'].items()}
    torch.save(o, f'.dev/{net}_features.half.pt')
PY
du -sh .dev
