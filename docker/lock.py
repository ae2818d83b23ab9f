"""Helpers of docker/check.sh.
`lock.py lock REPORT`: `name==version` of every package in a `pip install --dry-run --report` file, except facesr.
`lock.py exclude WHEELHOUSE PYVER`: `name!=version` for each wheel there whose Requires-Python excludes PYVER (pip does not
check that for --find-links wheels when --python-version is given), to pass to pip as constraints."""
import json, sys, zipfile
from pathlib import Path
from packaging.specifiers import SpecifierSet
from packaging.utils import parse_wheel_filename

def lock(report):
    r = json.load(open(report))
    return sorted(f"{i['metadata']['name']}=={i['metadata']['version']}" for i in r['install'] if i['metadata']['name'] != 'facesr')

def exclude(wheelhouse, pyver):
    out = []
    for w in sorted(Path(wheelhouse).glob('*.whl')):
        name, ver, *_ = parse_wheel_filename(w.name)
        with zipfile.ZipFile(w) as z:
            meta = next((n for n in z.namelist() if n.endswith('.dist-info/METADATA')), None)
            lines = z.read(meta).decode('utf-8', 'replace').splitlines() if meta else []
        req = next((l.split(':', 1)[1].strip() for l in lines if l.lower().startswith('requires-python:')), '')
        if req and pyver not in SpecifierSet(req): out.append(f'{name}!={ver}')
    return out

if __name__ == '__main__':
    print('\n'.join(lock(sys.argv[2]) if sys.argv[1] == 'lock' else exclude(sys.argv[2], sys.argv[3])))
