#!/usr/bin/env python
"""Run every notebook (and optional shell commands)'s tests (nbdev's own executor) one notebook at a time and end with 'N passed, N failed'.
Extra checks (the smoke study, export/clean sync) are run by the Makefile and `.ci/run`, which count them too."""
import argparse, os, sys, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('paths', nargs='*', help='notebooks (default: every notebook under nbs/)')
    ap.add_argument('--flags', default='', help='test flags to run that are normally skipped, e.g. "slow"')
    ap.add_argument('--cmd', action='append', default=[], metavar='NAME::COMMAND',
                    help='also run a shell command as one test (e.g. the smoke study); repeatable')
    ap.add_argument('--results', default=None, help='append "name pass|fail seconds" lines to this file')
    a = ap.parse_args()
    from nbdev.config import get_config
    from nbdev.test import test_nb
    cfg = get_config()
    skip = cfg.tst_flags.split(); force = a.flags.split()
    nbs = [Path(p).resolve() for p in a.paths] or sorted(p.resolve() for p in cfg.nbs_path.rglob('*.ipynb')
                                                         if '.ipynb_checkpoints' not in p.parts and not p.name.startswith('_'))
    os.chdir(cfg.nbs_path)
    passed = failed = 0
    for nb in nbs:
        ok, secs = test_nb(nb, skip_flags=skip, force_flags=force, basepath=cfg.config_path)
        name = nb.relative_to(cfg.nbs_path)
        print(f"{'PASS' if ok else 'FAIL'} {name} ({secs:.0f} s)", flush=True)
        if a.results:
            with open(a.results, 'a') as f: f.write(f"{name} {'pass' if ok else 'fail'} {secs:.1f}\n")
        passed += ok; failed += not ok
    import subprocess
    for spec in a.cmd:
        name, cmd = spec.split('::', 1)
        t0 = time.time(); print(f'::: {name}: {cmd}', flush=True)
        ok = subprocess.run(cmd, shell=True).returncode == 0
        print(f"{'PASS' if ok else 'FAIL'} {name} ({time.time()-t0:.0f} s)", flush=True)
        passed += ok; failed += not ok
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
