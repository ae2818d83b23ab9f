#!/usr/bin/env python
"""Open the web demo (facesr_demo) in headless Chromium, upload a JPEG photo and a face, check both models' results, save a screenshot.

Starts `facesr_demo` on 127.0.0.1 (free port), drives Debian's Chromium over the DevTools protocol (websocket-client, as
.ci/explorer_screenshot.py does), uploads a non-image (a message must appear and the page keep working), then a photo
re-compressed as a low-quality JPEG (as messengers send them: its face is found and aligned, and the real and the clean
model's results must both appear), then an aligned 256² face, waits for the pictures, the zoom and the PSNR/SSIM/LPIPS table
(a row for each model), and saves a PNG screenshot of the page.

usage: .venv/bin/python .ci/demo_screenshot.py [--face FILE] [--checkpoint CK] [--out reports/demo.png] [--timeout 180]
The demo serves the packaged real and clean models side by side; with --checkpoint (or when they are missing: an untrained
tiny generator) it serves that one alone, and one model's result is expected. Exit status 0 only when everything appeared."""
import argparse, base64, json, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from explorer_screenshot import CDP, free_port, wait_http, poll, save_shot, stop_all, start_chromium

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

PAGE_STATE = """((models, needMetrics) => {
  const q = s => document.querySelector(s), txt = s => (q(s) || {}).innerText || '';
  const imgs = Array.from(document.querySelectorAll('#pictures img')).filter(i => i.complete && i.naturalWidth >= 64);
  const zooms = Array.from(document.querySelectorAll('#zooms img')).filter(i => i.complete && i.naturalWidth >= 64);
  const result = Array.from(document.querySelectorAll('#result img')).filter(i => i.complete && i.naturalWidth >= 256);
  const m = txt('#metrics'), status = txt('#status');
  const rows = (m.match(/[0-9]+\\.[0-9]{2}\\s+0\\.[0-9]{4}\\s+[0-9]\\.[0-9]{4}/g) || []).length;
  const captions = txt('#pictures'), named = models.filter(n => captions.includes(n) || m.includes(n)).length;
  const shown = imgs.length >= 3 + models.length && zooms.length >= 3 + models.length && result.length >= 1 && named === models.length;
  const ok = needMetrics ? shown && /PSNR-RGB/.test(m) && rows >= 2 + models.length && /aligned 256/.test(status) : shown && /face\\(s\\) found/.test(status);
  return {ok, pictures: imgs.length, zooms: zooms.length, result: result.length, models_named: named, metric_rows: rows, status: status.slice(0, 300)};
})"""

def page_state(cdp, models, need_metrics):
    return cdp.js(f"{PAGE_STATE}({json.dumps(models)}, {json.dumps(need_metrics)})")

def upload(cdp, path):
    "Put `path` into the page's upload box (as a visitor choosing a file does)."
    root = cdp.call('DOM.getDocument', depth=-1, pierce=True)['root']['nodeId']
    node = cdp.call('DOM.querySelector', nodeId=root, selector='#upload input[type=file]')['nodeId']
    if not node: raise SystemExit('demo_screenshot: no file input in #upload')
    cdp.call('DOM.setFileInputFiles', files=[str(path)], nodeId=node)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    faces = Path(os.environ.get('FACESR_FACES', ROOT.parent/'shared'/'faces'))
    ap.add_argument('--face', default=None, help='aligned 256² face to upload (default: the first of $FACESR_FACES/london)')
    ap.add_argument('--photo', default=None, help='photo to re-compress as JPEG quality 35 and upload (default: the first of $FACESR_FACES/raw)')
    ap.add_argument('--checkpoint', default=None, help='serve this checkpoint instead of the packaged models')
    ap.add_argument('--out', default=str(ROOT/'reports'/'demo.png'))
    ap.add_argument('--timeout', type=int, default=180, help='seconds to wait for the result')
    ap.add_argument('--chromium', default=shutil.which('chromium') or '/usr/bin/chromium')
    a = ap.parse_args()
    if not Path(a.chromium).exists(): raise SystemExit(f'demo_screenshot: {a.chromium} not found (apt-get install chromium)')
    face = Path(a.face) if a.face else sorted((faces/'london').rglob('*.png'))[0]
    tmp = Path(tempfile.mkdtemp(prefix='facesr_demo_shot_')); procs = []
    try:
        ck, models = a.checkpoint, ['facesr']
        if not ck:
            from facesr.archs.packaged import default_model_path
            from facesr.core.base import FacesrError
            try: [default_model_path(verify=True, kind=k) for k in ('real', 'clean')]; models = ['facesr real', 'facesr clean']; print('serving the packaged real and clean models', flush=True)
            except FacesrError as e:
                import torch
                from facesr.archs.model import build_model
                from facesr.archs.checkpoint import save_checkpoint
                torch.manual_seed(0); ck = str(save_checkpoint(tmp/'tiny.pt', 'final', build_model('tiny')))
                print(f'({e}) serving an untrained tiny generator', flush=True)
        port, cdp_port = free_port(), free_port()
        env = dict(os.environ, FACESR_THREADS=os.environ.get('FACESR_THREADS', '2'), GRADIO_TEMP_DIR=str(tmp/'gradio'))
        cmd = [str(VENV_BIN/'facesr_demo'), '--port', str(port), '--samples', str(face.parent)] + (['--checkpoint', ck] if ck else [])
        demo = subprocess.Popen(cmd, env=env, stdout=open(tmp/'demo.log', 'w'), stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(demo)
        wait_http(f'http://127.0.0.1:{port}/', 120, 'facesr_demo')
        print(f'facesr_demo on 127.0.0.1:{port} (pid {demo.pid})', flush=True)
        w, h = 1400, 1000
        targets = start_chromium(a.chromium, w, h, tmp, cdp_port, procs)
        cdp = CDP(next(t for t in targets if t.get('type') == 'page')['webSocketDebuggerUrl'])
        cdp.call('Page.enable'); cdp.call('Runtime.enable'); cdp.call('DOM.enable')
        cdp.call('Emulation.setDeviceMetricsOverride', width=w, height=h, deviceScaleFactor=1, mobile=False)
        cdp.call('Page.navigate', url=f'http://127.0.0.1:{port}/')
        if poll(lambda: cdp.js("!!document.querySelector('#upload input[type=file]')") is True, 60) is not True:
            raise SystemExit(f'demo_screenshot: the page did not show its upload box; see {tmp}')
        bad = tmp/'notes.png'; bad.write_text('not an image')
        upload(cdp, bad)
        err = poll(lambda: (lambda s: {'ok': '⚠' in s, 'status': s})(cdp.js("(document.querySelector('#status') || {}).innerText || ''") or ''), 60)
        print('bad upload:', json.dumps(err, ensure_ascii=False), flush=True)
        cdp.js("(() => { const b = document.querySelector('#upload button[aria-label=\"Clear\"]'); if (b) b.click(); return !!b; })()"); time.sleep(1)
        from PIL import Image
        photo = tmp/'photo_q35.jpg'; Image.open(a.photo or sorted((faces/'raw').glob('*.jpg'))[0]).convert('RGB').save(photo, quality=35)
        t0 = time.time(); upload(cdp, photo)
        jpg = poll(lambda: page_state(cdp, models, False), a.timeout, 1.0)
        print(f'JPEG photo {photo.name}: results after {time.time() - t0:.1f} s:', json.dumps(jpg, ensure_ascii=False), flush=True)
        cdp.js("(() => { const b = document.querySelector('#upload button[aria-label=\"Clear\"]'); if (b) b.click(); return !!b; })()"); time.sleep(1)
        t0 = time.time(); upload(cdp, face)
        res = poll(lambda: page_state(cdp, models, True), a.timeout, 1.0)
        print(f'face {face.name}: result after {time.time() - t0:.1f} s:', json.dumps(res, ensure_ascii=False), flush=True)
        time.sleep(1)
        full = cdp.call('Page.getLayoutMetrics')['cssContentSize']
        cdp.call('Emulation.setDeviceMetricsOverride', width=w, height=min(int(full['height']) + 20, 3000), deviceScaleFactor=1, mobile=False)
        time.sleep(1)
        shot = base64.b64decode(cdp.call('Page.captureScreenshot', format='png')['data'])
        out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
        save_shot(out, shot)
        try: cdp.call('Browser.close')
        except Exception: pass
        alive = demo.poll() is None
        ok = isinstance(err, dict) and err.get('ok') and isinstance(jpg, dict) and jpg.get('ok') and isinstance(res, dict) and res.get('ok') and alive
        if not ok: print(f'demo_screenshot: failed (bad-upload message: {bool(err and err.get("ok"))}, JPEG photo: {bool(jpg and jpg.get("ok"))}, face result: {bool(res and res.get("ok"))}, '
                         f'server alive: {alive}); logs in {tmp}', file=sys.stderr)
        return 0 if ok else 1
    finally:
        stop_all(procs, tmp)

if __name__ == '__main__': sys.exit(main())
