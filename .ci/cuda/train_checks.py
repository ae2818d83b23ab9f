"""Trainer and evaluation on CUDA (run on a lent GPU machine): smoke stages 1 and 3, facesr_eval, a full-model throughput run."""
import json, sys, time, traceback
from pathlib import Path
import pandas as pd
from facesr.core.base import shared_faces
from facesr.study.runner import facesr_train
from facesr.eval.cli import facesr_eval

data, out = str(shared_faces()/'london'), Path('/tmp/study')
ok = True
def run(name, fn, *a):
    global ok
    t0 = time.time(); print(f'--- {name}', flush=True)
    try: fn(*a); print(f'PASS {name} ({time.time()-t0:.0f} s)', flush=True)
    except BaseException: ok = False; print(f'FAIL {name}', flush=True); traceback.print_exc()

def smoke(stage, *extra):
    facesr_train(['--profile', 'smoke', '--stage', stage, '--data', data, '--out', str(out), '--device', 'cuda', *extra])
    d = out/{'1': 'stage1_psnr', '2': 'stage2_ssim', '3': 'stage3_gan'}[stage]
    m = json.loads((d/'metrics.json').read_text())
    print({k: m.get(k) for k in ('amp_bf16', 'steps', 'seconds', 'best', 'device')})
    assert m['amp_bf16'] is True
    log = pd.read_csv(d/'train_log.csv'); print(log.tail(3).to_string())
    assert log.loss.notna().all() and (log.loss < 1e3).all()

run('smoke stage 1 (bf16, channels_last, torch.compile)', smoke, '1', '--set', 'channels_last=true', '--set', 'compile=true')
run('smoke stage 2 (bf16)', smoke, '2')
run('smoke stage 3 (GAN, bf16)', smoke, '3', '--set', 'channels_last=true')
run('facesr_eval on cuda', facesr_eval, ['--data', data, '--person', 'prefix', '--methods', 'bicubic,bilinear,lanczos',
                                         '--checkpoint', f'stage1={out}/stage1_psnr/best.pt,stage3={out}/stage3_gan/best.pt',
                                         '--out', '/tmp/eval', '--device', 'cuda'])

def full_throughput():
    o = Path('/tmp/full')
    facesr_train(['--profile', 'full', '--stage', '1', '--data', data, '--out', str(o), '--person', 'prefix',
                  '--set', 'max_steps=60', '--set', 'batch_size=16', '--set', 'val_max_images=4', '--set', 'ckpt_every=1000', '--set', 'num_workers=0'])
    m = json.loads((o/'stage1_psnr'/'metrics.json').read_text())
    log = pd.read_csv(o/'stage1_psnr'/'train_log.csv')
    print(f"full model, whole 256² faces, batch 16, bf16: {m['steps']} steps in {m['seconds']:.1f} s (incl. cuDNN autotuning in the first steps, the final validation and checkpoints; num_workers 0, cached faces) "
          f"= {m['steps']*16/m['seconds']:.1f} img/s; loss {log.loss.iloc[0]:.4f} → {log.loss.iloc[-1]:.4f}")
run('full model Trainer throughput (bf16, channels_last)', full_throughput)
sys.exit(0 if ok else 1)
