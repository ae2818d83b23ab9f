#!/usr/bin/env python
"""A zygote for command-line tests: import facesr's console commands once, then fork one child per request, so each
command still runs in its own process (own argv, stdin, stdout, stderr and exit status) without paying ~3 s of imports.
Protocol, one JSON line each way per request: {"argv": [...], "out": FILE, "err": FILE, "timeout": S} → {"rc": N, "timed_out": B}.
Nothing here runs a torch op before forking, so no thread pool exists yet that a child could inherit half-initialised."""
import importlib, json, os, signal, sys, time, traceback
from importlib.metadata import entry_points

SCRIPTS = {e.name: e for e in entry_points(group='console_scripts') if e.value.startswith('facesr.')}
from facesr.core.entry import COMMANDS
for m in set(COMMANDS.values()): importlib.import_module(m)   # the imports every command would otherwise pay (the entry points import lazily)

def _exit_code(e: SystemExit) -> int:
    "What the console-script wrapper's `sys.exit(main())` makes of a SystemExit."
    if e.code is None or isinstance(e.code, int): return e.code or 0
    print(e.code, file=sys.stderr); return 1

def _child(req: dict):
    for fd, path, mode in ((0, os.devnull, os.O_RDONLY), (1, req['out'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                           (2, req['err'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        os.dup2(os.open(path, mode, 0o644), fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = [str(a) for a in req['argv']]; code = 1
    try: code = _exit_code(SystemExit(SCRIPTS[os.path.basename(sys.argv[0])].load()()))
    except SystemExit as e: code = _exit_code(e)
    except BaseException: traceback.print_exc()
    finally:
        sys.stdout.flush(); sys.stderr.flush(); os._exit(code)

def main():
    for line in sys.stdin:
        req = json.loads(line); sys.stdout.flush()
        pid = os.fork()
        if pid == 0: _child(req)
        deadline, timed_out = time.time() + req.get('timeout', 300), False
        while (r := os.waitpid(pid, os.WNOHANG))[0] == 0:
            if time.time() > deadline: os.kill(pid, signal.SIGKILL); timed_out = True; r = os.waitpid(pid, 0); break
            time.sleep(0.02)
        print(json.dumps({'rc': os.waitstatus_to_exitcode(r[1]), 'timed_out': timed_out}), flush=True)

if __name__ == '__main__': main()
