"""Print `name==version` of every package in a `pip install --dry-run --report` file except facesr (docker/check.sh)."""
import json, sys
r = json.load(open(sys.argv[1]))
print('\n'.join(sorted(f"{i['metadata']['name']}=={i['metadata']['version']}" for i in r['install'] if i['metadata']['name'] != 'facesr')))
