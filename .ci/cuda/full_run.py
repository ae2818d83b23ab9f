"""Full-profile training throughput on a lent GPU: the `full` profile's stage 1 (PSNR) and stage 3 (GAN) through the real
Trainer on wide/ faces (batch 48, whole 256² faces, bf16, channels_last), time-boxed; writes full-run.md/.json into OUT.
Usage: python3 .ci/cuda/full_run.py DATA OUT SECONDS_STAGE1 SECONDS_STAGE3"""
import json, os, sys, time, subprocess
from pathlib import Path
import torch
from facesr.study.runner import load_profile
from facesr.core.layout import STAGES
from facesr.train.trainer import Trainer

data, out, budget = sys.argv[1], Path(sys.argv[2]), {STAGES[0]: float(sys.argv[3]), STAGES[2]: float(sys.argv[4])}
FFHQ_TRAIN, SEED_EPOCHS = 60_000, {STAGES[0]: 100, STAGES[1]: 50, STAGES[2]: 20}
prof = load_profile('full')
cuda = torch.cuda.is_available()
TEST = {'model': 'tiny', 'batch_size': 4, 'device': 'cpu'} if os.environ.get('FULL_RUN_TEST') else {}  # a CPU try-out of this script
res = {'device': torch.cuda.get_device_name() if cuda else 'cpu', 'torch': torch.__version__, 'data': data, 'stages': {}}

def run(stage:str, chunk:int=10):
    "Train `stage` of the full profile in chunks of `chunk` steps until its time budget is spent; one row of figures."
    p = dict(prof['stages'][stage], data=data, person='stem', out_dir=f'/tmp/full-run/{stage}', resume=False, num_workers=0,
             val_every=0, ckpt_every=10**6, epochs=100) | TEST
    p = {k: v for k, v in p.items() if not k.startswith('_')}
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    if cuda: torch.cuda.reset_peak_memory_stats()
    t0 = time.time(); t = Trainer(**p); setup = time.time() - t0
    chunks, start = [], time.time()
    while time.time() - start < budget[stage]:
        sync(); c0 = time.time(); t.run_steps(chunk); sync()
        chunks.append(time.time() - c0)
        done = len(chunks) * chunk * p['batch_size']
        print(f'  {stage}: {len(chunks)*chunk} steps, last chunk {chunk*p["batch_size"]/chunks[-1]:.1f} img/s, {time.time()-start:.0f} s', flush=True)
    steady = chunks[2:] or chunks  # the first chunks hold cuDNN autotuning and allocator growth
    ips = chunk * p['batch_size'] * len(steady) / sum(steady)
    smi = subprocess.run(['nvidia-smi', '--query-gpu=memory.used', '--format=csv,noheader'], capture_output=True, text=True).stdout.strip() if cuda else None
    row = {'steps': len(chunks) * chunk, 'seconds': round(sum(chunks), 1), 'setup_s': round(setup, 1), 'img_s_end_to_end': round(ips, 1),
           'img_s_incl_warmup': round(len(chunks) * chunk * p['batch_size'] / sum(chunks), 1), 'train_faces': len(t.train_ds),
           'steps_per_epoch': t.steps_per_epoch, 'gpu_peak_allocated_gib': round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
           'nvidia_smi_used': smi, 'loss_first_last': [t.train_log[0]['loss'], t.train_log[-1]['loss']] if t.train_log else None,
           'batch': p['batch_size'], 'crop': p['crop'] or 256, 'weights': p['weights']}
    res['stages'][stage] = row; print(stage, row, flush=True)

for stage in budget:
    try: run(stage)
    except Exception as e: print(f'FAIL {stage}: {type(e).__name__}: {e}', flush=True); res['stages'][stage] = {'error': f'{type(e).__name__}: {e}'}

S = res['stages']; s1, s3 = S.get(STAGES[0], {}).get('img_s_end_to_end'), S.get(STAGES[2], {}).get('img_s_end_to_end')
if s1 and s3:  # stage 2 is stage 1's network and losses plus an SSIM term: timed at stage 1's rate
    hours = {st: FFHQ_TRAIN * ep / (s3 if st == STAGES[2] else s1) / 3600 for st, ep in SEED_EPOCHS.items()}
    res['ffhq_projection_hours'] = {**{k: round(v, 2) for k, v in hours.items()}, 'total': round(sum(hours.values()), 2)}
L = [f"# Full-profile training on a lent GPU: {res['device']}", '',
     f"torch {res['torch']} · the `full` profile's stage settings (batch 48, whole 256² faces, bf16 autocast, channels_last, Adam) through "
     f"`facesr.train.trainer.Trainer.run_steps`, time-boxed ({', '.join(f'{k} {v:.0f} s' for k, v in budget.items())}) instead of the issue's 10 minutes: "
     "the whole task had 15 minutes of device time, shared with the benchmark and the CUDA checks.", '',
     '| stage | steps | img/s end to end (after 20 warm-up steps) | img/s incl. warm-up | GPU peak allocated | nvidia-smi used | loss first → last |', '|---|---:|---:|---:|---:|---:|---|']
for st, r in S.items():
    if 'error' in r: L.append(f'| {st} | failed: {r["error"]} | | | | | |'); continue
    L.append(f"| {st} | {r['steps']} | **{r['img_s_end_to_end']}** | {r['img_s_incl_warmup']} | {r['gpu_peak_allocated_gib']} GiB | {r['nvidia_smi_used']} | "
             + (f"{r['loss_first_last'][0]:.4f} → {r['loss_first_last'][1]:.4f}" if r['loss_first_last'] else '—') + ' |')
if 'ffhq_projection_hours' in res:
    h = res['ffhq_projection_hours']
    L += ['', f"**Projected wall time of the seed recipe on FFHQ** ({FFHQ_TRAIN:,} training faces; 100 + 50 + 20 epochs; stage 2 at stage 1's rate, "
          f"validation and checkpoints not counted): stage 1 {h[STAGES[0]]} h + stage 2 {h[STAGES[1]]} h + stage 3 {h[STAGES[2]]} h = **{h['total']} h** on one such GPU."]
L += ['', f"Data: {data} (wide/ faces carried to the machine, each face repeated under new names so an epoch is long like FFHQ's; person = file stem; "
      "num_workers 0 with the decoded faces cached in memory, LR made on the GPU)."]
out.mkdir(parents=True, exist_ok=True)
(out/'full-run.json').write_text(json.dumps(res, indent=1)); (out/'full-run.md').write_text('\n'.join(L) + '\n')
print('\n'.join(L))
