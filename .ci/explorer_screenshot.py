#!/usr/bin/env python
"""Render the explorer (nbs/explore.ipynb) in a real browser and save a screenshot.

Starts JupyterLab headless on 127.0.0.1 (free port, random token, throw-away settings/workspaces), opens a copy of
nbs/explore.ipynb in headless Chromium driven over the DevTools protocol (websocket-client, no playwright), runs all
cells, waits until the widget shows faces and metrics, checks them in the DOM and saves a PNG screenshot.

usage: .venv/bin/python .ci/explorer_screenshot.py [--study DIR] [--out reports/explorer.png] [--timeout 300]
--study defaults to $FACESR_STUDY, else a demo study (facesr.study.demo.demo_study) is built in a temp folder.
Exit status 0 only when the screenshot shows face images and PSNR/SSIM/LPIPS values."""
import argparse, base64, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request, secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_http(url, timeout, what):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as r: return r.read()
        except Exception: time.sleep(0.5)
    raise SystemExit(f'explorer_screenshot: {what} did not answer at {url} within {timeout} s')

class CDP:
    "A minimal Chrome DevTools Protocol client over one page's websocket."
    def __init__(self, ws_url):
        import websocket
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True); self.n = 0
    def call(self, method, **params):
        self.n += 1; my = self.n
        self.ws.send(json.dumps({'id': my, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == my:
                if 'error' in msg: raise RuntimeError(f'{method}: {msg["error"]}')
                return msg.get('result', {})
    def js(self, expr, await_promise=False):
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True, awaitPromise=await_promise)
        if 'exceptionDetails' in r: return {'__error__': r['exceptionDetails'].get('text', '') + ' ' + str(r['exceptionDetails'].get('exception', {}).get('description', ''))[:300]}
        return r.get('result', {}).get('value')

def poll(fn, timeout, step=1.0):
    t0 = time.time(); last = None
    while time.time() - t0 < timeout:
        last = fn()
        if last and last is not True and isinstance(last, dict) and last.get('ok'): return last
        if last is True: return last
        time.sleep(step)
    return last

KERNEL_STATE = """(() => { const app = window.jupyterapp; if (!app) return 'no app';
  let nb = null; for (const w of app.shell.widgets('main')) if (w.sessionContext && w.content && w.content.widgets) nb = w;
  if (!nb) return 'no notebook among: ' + Array.from(app.shell.widgets('main')).map(w => w.constructor.name + ':' + w.title.label).join(', ');
  const s = nb.sessionContext.session; if (!s || !s.kernel) return 'no kernel';
  if (s.kernel.status === 'idle') app.shell.activateById(nb.id);
  return s.kernel.status; })()"""

WIDGET_STATE = """(() => {
  const out = document.querySelector('.jp-OutputArea-output .widget-vbox');
  if (!out) { const err = document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
              return {ok: false, why: 'no widget yet', stderr: err ? err.innerText.slice(0, 500) : ''}; }
  const imgs = Array.from(out.querySelectorAll('img'));
  const loaded = imgs.filter(i => i.complete && i.naturalWidth >= 64);
  const text = out.innerText;
  const values = (text.match(/PSNR-RGB\\s+[0-9.]+\\s*dB/g) || []);
  const ok = loaded.length >= 6 && values.length >= 2 && /SSIM\\s+[0-9.]+/.test(text) && /LPIPS-alex\\s+[0-9.]+/.test(text) && !/computing/.test(text);
  return {ok, images: imgs.length, loaded: loaded.length, psnr: values, status: (out.querySelector('.widget-html') || {}).innerText || ''};
})()"""

def start_chromium(chromium, w, h, tmp, cdp_port, procs) -> list:
    "Start headless Chromium with the DevTools protocol on `cdp_port` (added to `procs`); return its targets."
    chrome = subprocess.Popen([chromium, '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                               '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-extensions',
                               '--hide-scrollbars', f'--window-size={w},{h}', f'--user-data-dir={tmp/"chrome"}',
                               f'--remote-debugging-port={cdp_port}', '--remote-allow-origins=*', 'about:blank'],
                              stdout=open(tmp/'chrome.log', 'w'), stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(chrome)
    return json.loads(wait_http(f'http://127.0.0.1:{cdp_port}/json/list', 60, 'Chromium DevTools'))

def save_shot(out:Path, shot:bytes):
    "Write the screenshot atomically and say so."
    part = out.with_name(f'.{out.name}.tmp'); part.write_bytes(shot); os.replace(part, out)
    print(f'screenshot: {out} ({len(shot)} bytes)')

def stop_all(procs, tmp):
    "Stop our own process groups (TERM, then KILL after 20 s) and remove the temporary folder."
    for p in reversed(procs):
        if p.poll() is None:
            try: os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError: pass
            try: p.wait(20)
            except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL); p.wait()
    if os.environ.get('FACESR_KEEP_SHOT_TMP') is None: shutil.rmtree(tmp, ignore_errors=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--study', default=os.environ.get('FACESR_STUDY'), help='study folder (default $FACESR_STUDY, else a demo study)')
    ap.add_argument('--out', default=str(ROOT/'reports'/'explorer.png'))
    ap.add_argument('--timeout', type=int, default=300, help='seconds to wait for the widget')
    ap.add_argument('--chromium', default=shutil.which('chromium') or '/usr/bin/chromium')
    ap.add_argument('--size', default='1920,1180', help='browser window WIDTH,HEIGHT')
    a = ap.parse_args()
    if not Path(a.chromium).exists(): raise SystemExit(f'explorer_screenshot: {a.chromium} not found (apt-get install chromium)')
    tmp = Path(tempfile.mkdtemp(prefix='facesr_shot_'))
    procs = []
    try:
        study = a.study
        if not study:
            from facesr.study.demo import demo_study
            study = str(demo_study(tmp/'demo_study')); print(f'demo study: {study}', flush=True)
        study = str(Path(study).resolve())
        root = tmp/'nb'; root.mkdir()
        shutil.copy(ROOT/'nbs'/'explore.ipynb', root/'explore.ipynb')   # Lab may autosave outputs: never into the repo
        sett = tmp/'settings'/'@jupyterlab'/'apputils-extension'; sett.mkdir(parents=True)
        (sett/'notification.jupyterlab-settings').write_text(json.dumps({'fetchNews': 'false', 'checkForUpdates': False}))
        port, cdp_port, token = free_port(), free_port(), secrets.token_hex(16)
        env = dict(os.environ, FACESR_STUDY=study, JUPYTER_RUNTIME_DIR=str(tmp/'runtime'), JUPYTER_DATA_DIR=str(tmp/'jdata'),
                   JUPYTER_CONFIG_DIR=str(tmp/'jconfig'), FACESR_THREADS=os.environ.get('FACESR_THREADS', '2'))
        env['JUPYTER_PATH'] = str(Path(sys.prefix)/'share'/'jupyter')   # the venv's kernel and widget extension
        lab = subprocess.Popen([str(VENV_BIN/'jupyter'), 'lab', '--no-browser', f'--ServerApp.token={token}', '--ServerApp.ip=127.0.0.1',
                                f'--ServerApp.port={port}', '--ServerApp.port_retries=0', f'--ServerApp.root_dir={root}', '--allow-root',
                                '--LabApp.expose_app_in_browser=True', '--LabApp.news_url=None', f'--LabApp.user_settings_dir={tmp/"settings"}',
                                f'--LabApp.workspaces_dir={tmp/"ws"}'], env=env, stdout=open(tmp/'lab.log', 'w'), stderr=subprocess.STDOUT,
                               start_new_session=True)
        procs.append(lab)
        wait_http(f'http://127.0.0.1:{port}/api/status?token={token}', 90, 'JupyterLab')
        print(f'JupyterLab on 127.0.0.1:{port} (pid {lab.pid})', flush=True)
        w, h = (int(v) for v in a.size.split(','))
        targets = start_chromium(a.chromium, w, h, tmp, cdp_port, procs)
        page = next(t for t in targets if t.get('type') == 'page')
        cdp = CDP(page['webSocketDebuggerUrl'])
        cdp.call('Page.enable'); cdp.call('Runtime.enable')
        cdp.call('Emulation.setDeviceMetricsOverride', width=w, height=h, deviceScaleFactor=1, mobile=False)
        cdp.call('Page.navigate', url=f'http://127.0.0.1:{port}/lab/tree/explore.ipynb?reset&token={token}')
        st = poll(lambda: cdp.js(KERNEL_STATE) == 'idle', 120)
        if st is not True: raise SystemExit(f'explorer_screenshot: the notebook kernel did not become idle ({cdp.js(KERNEL_STATE)}); see {tmp/"lab.log"}')
        print('kernel idle; running all cells', flush=True)
        cdp.js("""(() => { const app = window.jupyterapp; app.shell.collapseLeft(); app.shell.collapseRight();
                  app.commands.execute('notebook:run-all-cells'); return true; })()""")
        res = poll(lambda: cdp.js(WIDGET_STATE), a.timeout, 2.0)
        cdp.js("""(() => { const app = window.jupyterapp; app.shell.mode = 'single-document';
                  return app.commands.execute('notebook:hide-all-cell-code').then(() => true, () => false); })()""", await_promise=True)
        time.sleep(1.5)
        cdp.js("""(() => { const o = document.querySelector('.jp-OutputArea-output .widget-vbox');
                  if (o) o.closest('.jp-Cell').scrollIntoView({block: 'start'}); return !!o; })()""")
        time.sleep(1.5)
        shot = base64.b64decode(cdp.call('Page.captureScreenshot', format='png')['data'])
        out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
        save_shot(out, shot)
        print('widget state:', json.dumps(res))
        try: cdp.call('Browser.close')
        except Exception: pass
        if not (isinstance(res, dict) and res.get('ok')):
            print(f'explorer_screenshot: the explorer did not show faces and metrics within {a.timeout} s; logs in {tmp}', file=sys.stderr)
            return 1
        return 0
    finally:
        stop_all(procs, tmp)

if __name__ == '__main__': sys.exit(main())
