"""Running a command as the benchmarks measure it: wall time, CPU time and peak memory of a
fresh child process (its rusage from wait4(2)), its pipes read on the side so that a chatty
child cannot block."""

import os
import threading
import time
from collections import namedtuple
from subprocess import PIPE, Popen

Run = namedtuple("Run", "wall_ms cpu_ms peak_mb stdout stderr status")


def run(cmd, **kw):
    """Runs cmd (Popen's keyword arguments in kw) to its end."""
    start = time.perf_counter()
    proc = Popen(cmd, stdout=PIPE, stderr=PIPE, **kw)
    out_chunks, err_chunks = [], []

    def drain(pipe, into):
        into.append(pipe.read())

    threads = [threading.Thread(target=drain, args=(proc.stdout, out_chunks)),
               threading.Thread(target=drain, args=(proc.stderr, err_chunks))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1e3
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, (usage.ru_utime + usage.ru_stime) * 1e3, usage.ru_maxrss / 1024.0,
               b"".join(out_chunks).decode(errors="replace"),
               b"".join(err_chunks).decode(errors="replace"), proc.returncode)
