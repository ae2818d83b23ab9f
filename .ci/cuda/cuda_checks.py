"""CUDA path checks for facesr (run on a lent GPU machine): each check prints PASS/FAIL and goes on."""
import os, sys, time, traceback
from pathlib import Path
import torch
from fastcore.test import test_eq, test_close
from facesr.core.base import shared_faces
from facesr.data.images import make_manifest, load_rgb
from facesr.data.dataset import FaceSRDataset, make_loader, make_batch, downscale
from facesr.archs.model import build_model
from facesr.archs.enhancenet_arch import bicubic_up
from facesr.eval.metrics import image_metrics, ssim_torch
from facesr.losses.terms import GeneratorLoss, d_loss
from facesr.archs.discriminator_arch import VGGDiscriminator

RES = []
def check(fn):
    t0 = time.time()
    try: fn(); RES.append((fn.__name__, 'PASS')); print(f'PASS {fn.__name__} ({time.time()-t0:.1f} s)', flush=True)
    except Exception: RES.append((fn.__name__, 'FAIL')); print(f'FAIL {fn.__name__}'); traceback.print_exc()
    return fn

root = shared_faces()/'london'
paths = sorted(root.rglob('*.png'))
hr = torch.stack([torch.from_numpy(load_rgb(p)).permute(2, 0, 1) for p in paths[:8]])

@check
def data_lr_on_gpu():
    "LR made on the GPU from a pinned batch equals the CPU LR within 1 grey level; the pinned loader gives the same batches."
    lr_g, hr_g = make_batch(hr.pin_memory(), 'cuda', channels_last=True)
    test_eq((lr_g.device.type, hr_g.device.type), ('cuda', 'cuda'))
    d = (lr_g.cpu()*255).round().to(torch.uint8).int().sub(downscale(hr).int()).abs().max().item()
    print('  max |LR gpu - LR cpu| grey levels:', d); assert d <= 1
    man = make_manifest(root, person='prefix')
    ds = FaceSRDataset(root, man, 'train', crop=64, cache=True, seed=0)
    a = torch.stack(list(make_loader(ds, 4, 0, 1, True))); b = torch.stack(list(make_loader(ds, 4, 0, 1, True, pin_memory=True)))
    test_eq(a, b)

@check
def metrics_cuda_equal_cpu():
    "All six metrics on CUDA equal the CPU values (same weights)."
    sr = torch.nn.functional.interpolate(downscale(hr).float(), scale_factor=4, mode='bicubic').round().clamp(0, 255).to(torch.uint8)
    Mc, M = image_metrics(hr.cuda(), sr.cuda(), device='cuda'), image_metrics(hr, sr, device='cpu')
    print('  max |cuda - cpu|:', {k: float((Mc[k] - M[k]).abs().max()) for k in M})
    for k in M: test_eq(Mc[k].device.type, 'cpu'); test_close(Mc[k], M[k], eps=2e-6 if k.startswith('lpips') else 1e-9)
    x = torch.rand(2, 3, 64, 64); t = torch.rand(2, 3, 64, 64)
    test_close(ssim_torch(x.cuda(), t.cuda()).cpu(), ssim_torch(x, t), eps=1e-5)

@check
def losses_autocast():
    "Under bf16 autocast every loss term is fp32 and close to fp32; the amp VGG is within 2 %."
    dev = torch.device('cuda'); torch.manual_seed(0)
    h = torch.rand(2, 3, 64, 64, device=dev); s = (h + 0.05*torch.randn_like(h)).requires_grad_()
    D = VGGDiscriminator(size=64).to(dev)
    L = GeneratorLoss({'l1': 1.0, 'charbonnier': 0.5, 'perceptual': 0.1, 'ssim': 0.2, 'adv': 0.005}, adv_kind='ragan').to(dev)
    with torch.autocast('cuda', torch.bfloat16):
        dr, df = D(h), D(s); test_eq(df.dtype, torch.bfloat16)
        total, terms = L(s.bfloat16(), h.bfloat16(), d_real=dr, d_fake=df)
        ld = d_loss('ragan', dr.detach(), df.detach())
    test_eq((total.dtype, ld.dtype), (torch.float32, torch.float32))
    total.backward(); assert torch.isfinite(s.grad).all() and s.grad.abs().sum() > 0
    _, t32 = L(s.detach(), h, d_real=dr.float(), d_fake=df.float())
    for k in ('l1', 'ssim', 'charbonnier'): test_close(terms[k], t32[k], eps=1e-2)
    w = {'l1': 1.0, 'perceptual': 1.0}
    h = torch.rand(4, 3, 128, 128, device=dev); s = (h + 0.05*torch.randn_like(h)).requires_grad_()
    (ta, tra), (t3, tr3) = (GeneratorLoss(w, amp=a).to(dev)(s, h) for a in (True, False))
    print('  perceptual amp vs fp32:', float(tra['perceptual']), float(tr3['perceptual']))
    test_close(tra['l1'], tr3['l1'], eps=1e-7); test_close(tra['perceptual'], tr3['perceptual'], eps=0.02*tr3['perceptual'].item())
    ta.backward(); assert torch.isfinite(s.grad).all()

@check
def model_bf16_and_bicubic():
    "Untrained full model == bicubic on CUDA; bf16 autocast output close to fp32."
    m = build_model('full').cuda().eval().to(memory_format=torch.channels_last)
    x = (downscale(hr).float()/255).cuda().contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        test_close(m(x), bicubic_up(x), eps=1e-5)
        for p in m.tail.parameters(): torch.nn.init.normal_(p, std=0.01)
        y32 = m(x)
        with torch.autocast('cuda', torch.bfloat16): y16 = m(x).float()
    psnr = 10*torch.log10(1/((y32.clamp(0, 1) - y16.clamp(0, 1))**2).mean())
    print(f'  bf16 vs fp32 output PSNR {psnr:.1f} dB'); assert psnr > 40

print(f"{sum(r == 'PASS' for _, r in RES)} passed, {sum(r == 'FAIL' for _, r in RES)} failed")
sys.exit(any(r == 'FAIL' for _, r in RES))
