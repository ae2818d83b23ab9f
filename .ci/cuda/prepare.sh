#!/bin/bash
# Fill .dev/ (git-ignored via .git/info/exclude) with what .ci/cuda/run.sh needs on a GPU machine that has torch but no
# internet, within the device tool's 64 MiB transfer (the tracked tree is ~32 MiB of it): the two pure-Python wheels facesr
# needs beyond that image; the ImageNet trunks: VGG16 conv1-3 exact (the perceptual loss's relu3_3 needs no more), AlexNet
# fp16-rounded, VGG16 conv4-5 left out (run.sh fills them with seeded noise, so LPIPS-VGG values there are not real; its
# timings are); 16 persons' London faces; 360 wide/omi faces for the full-profile run.
set -e
cd "$(dirname "$0")/../.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || { mkdir -p .git/info; echo '/.dev/' >> .git/info/exclude; }
rm -rf .dev; mkdir -p .dev/whl .dev/faces/london/neutral .dev/faces/london/smiling .dev/faces/wide_omi
pip download -q --no-deps -d .dev/whl fastcore==1.14.5 lpips==0.1.4
F=${FACESR_FACES:-../shared/faces}
for d in neutral smiling; do ls $F/london/$d | head -16 | while read f; do cp $F/london/$d/$f .dev/faces/london/$d/; done; done
ls $F/wide/omi | sort | head -360 | while read f; do cp $F/wide/omi/$f .dev/faces/wide_omi/; done
.venv/bin/python - <<'PY'
import torch
from facesr.archs.weights import trunk_state_dict
from facesr.core.base import cache_dir
for net, keep in (('vgg16', ('0.', '2.', '5.', '7.', '10.', '12.', '14.')), ('alexnet', None)):
    trunk_state_dict('vgg16' if net == 'vgg16' else 'alex')  # converts into the cache if needed
    o = torch.load(cache_dir()/'weights'/f'{net}_features.pt', weights_only=True)
    o['features'] = {k: v for k, v in o['features'].items() if k.startswith(keep)} if keep else {k: v.half() for k, v in o['features'].items()}
    torch.save(o, f'.dev/{net}_features.part.pt')
PY
du -sh .dev
