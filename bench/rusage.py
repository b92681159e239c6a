#!/usr/bin/env python3
"""Runs whole processes and reports what the OS accounted for each: wall time from just before
the spawn to wait4() returning, and the child's peak RSS from wait4's rusage. No Node between
the clock and the child, so neither tool is charged for a harness's own start-up.

Reads a JSON object on stdin: {"runs": N, "commands": [{"name": ..., "argv": [...], "env": {...},
"stdout": "/dev/null" | path}], "cwd": optional}. Runs the commands interleaved (A B A B …)
N times and prints one JSON line per run: {"name", "ms", "rssKiB", "cpuMs", "status"} (cpuMs:
user + system time, which a loaded machine distorts less than wall time).
"""
import json
import os
import sys
import time

spec = json.load(sys.stdin)
runs = int(spec["runs"])
cmds = spec["commands"]

for i in range(runs):
    for c in cmds:
        out = os.open(c.get("stdout", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(c.get("stderr", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        fin = os.open(os.devnull, os.O_RDONLY)
        env = c.get("env", dict(os.environ))
        t0 = time.perf_counter()
        pid = os.posix_spawnp(c["argv"][0], c["argv"], env, file_actions=[
            (os.POSIX_SPAWN_DUP2, fin, 0),
            (os.POSIX_SPAWN_DUP2, out, 1),
            (os.POSIX_SPAWN_DUP2, err, 2),
        ])
        _, status, ru = os.wait4(pid, 0)
        ms = (time.perf_counter() - t0) * 1000
        for fd in (out, err, fin):
            os.close(fd)
        print(json.dumps({"name": c["name"], "ms": ms, "rssKiB": ru.ru_maxrss,
                          "cpuMs": (ru.ru_utime + ru.ru_stime) * 1000,
                          "status": os.waitstatus_to_exitcode(status)}), flush=True)
