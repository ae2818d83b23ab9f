#!/bin/bash
# facesr device check: one prepared script; every step logs into $OUT and runs even if an earlier one failed.
# Needs .dev/ filled by .ci/cuda/prepare.sh; through the device tool: run(command="bash .ci/cuda/run.sh", carry=[".dev"]).
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .dev/whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD FACESR_CACHE=/tmp/facesr-cache FACESR_FACES=$PWD/.dev/faces
mkdir -p $FACESR_CACHE/weights
python3 -c "
import torch, os
for net in ('vgg16', 'alexnet'):
    o = torch.load(f'.dev/{net}_features.half.pt', weights_only=True)
    o['features'] = {k: v.float() for k, v in o['features'].items()}
    torch.save(o, os.environ['FACESR_CACHE'] + f'/weights/{net}_features.pt')
" || exit 1
{ nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv; nproc; python3 -c "import torch, torchvision; print(torch.__version__, torchvision.__version__, torch.version.cuda, torch.backends.cudnn.version(), torch.cuda.get_device_name())"; } > $OUT/env.txt 2>&1
cat $OUT/env.txt
step() { local name=$1 lim=$2; shift 2; echo "=== $name"; local t0=$(date +%s); timeout $lim "$@" > $OUT/$name.log 2>&1; local rc=$?; echo "=== $name rc=$rc $(( $(date +%s)-t0 )) s"; grep -E "^(PASS|FAIL)|passed|Error|error" $OUT/$name.log | tail -15; }
step checks 90 python3 .ci/cuda/cuda_checks.py
[ -n "$SKIP_TRAIN" ] || step train 150 python3 .ci/cuda/train_checks.py
step bench 320 python3 -c "from facesr.bench import facesr_bench; facesr_bench(['--device', 'cuda', '--compile', '--reps', '5', '--data', '.dev/faces/london', '--out', '$OUT', '--json', '--note', 'run by .ci/cuda/run.sh on a lent machine with the torch of its image (not the 2.14.1 pinned for CPU); data and metric rows on 32 London faces (16 persons)', '--note', 'ImageNet trunks: VGG16 conv1-3 exact, VGG16 conv4-5 and AlexNet fp16-rounded to fit the transfer to that machine: LPIPS values, not timings, depend on them', '--note', 'the conv limit is the 3x3 conv 64 to 64 on (16, 64, 64, 64) that the benchmark defines; on this GPU that tensor is too small to reach the chip peak, so large convs (whole 256x256 faces, batch 48) can exceed 100 % of it'])"
tail -45 $OUT/bench.log | head -40
