"""This process's peak memory, as a benchmark or a report should state it.

`getrusage().ru_maxrss` is wrong for that in a process started by a big one: Linux carries the parent's high-water
mark across fork and exec, so a bot started by a benchmark that had a model loaded "peaked" at the benchmark's
size. VmHWM is the high-water mark of this process's own memory map, which exec starts afresh.
"""

from __future__ import annotations

import resource
import sys


def peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere: the best there is
    return round(peak / (2**20 if sys.platform == "darwin" else 1024), 1)
