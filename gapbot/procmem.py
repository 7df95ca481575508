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


def process_memory_mb(pid: int | str = "self") -> dict[str, float] | None:
    """A process's memory (Linux): now (VmRSS), its peak (VmHWM) and its proportional share (Pss: pages shared
    with other processes, such as libraries, counted by fraction): summed over a bot's processes, Pss is what they
    take together, RSS counts each shared page once per process. None where /proc cannot tell."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out["rss_mb" if line.startswith("VmRSS") else "peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    out["pss_mb"] = round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return out or None
    return out
