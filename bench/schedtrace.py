"""What the bot's event-loop thread was doing in its worst lag windows, from a kernel scheduler trace.

    perf record -e sched:sched_switch -e sched:sched_waking -g -k CLOCK_MONOTONIC -a -o perf.data -- \\
        python -m bench --bot-only --out bench/results/bot.json
    python -m bench.schedtrace perf.data bench/results/bot.json

(perf as root, or with kernel.perf_event_paranoid <= 1.) The bench's output says where the windows are (`trace`: the
bot's pid, its loop thread, the monotonic time of the worst lag; `loop_lags_over_10ms`). For each window this splits
the loop thread's time after its timer was due into: running; runnable, waiting for a core (`rq`, and `rq after a
wake-up by ...`: the GIL handed over by another of the bot's threads, a timer or interrupt, another process); asleep
on a futex (`gil`: the loop thread takes no other lock); asleep in epoll (`idle`); or in another system call (the
kernel function it slept in, e.g. `vfork` while a child process was being started).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

SWITCH = re.compile(r"\s*(\d+)\s+([\d.]+):\s+sched:sched_switch:\s+prev_comm=.* prev_pid=(\d+) .*prev_state=(\S+) "
                    r"==> next_comm=.* next_pid=(\d+)")
WAKING = re.compile(r"\s*(\d+)\s+([\d.]+):\s+sched:sched_waking:.* pid=(\d+) ")


def loop_states(data: str, loop: int, bot_threads: set[int]) -> list[tuple[float, str]]:
    """(time, state) each time the loop thread's state changed, in order."""
    proc = subprocess.Popen(["perf", "script", "-i", data, "-F", "tid,time,event,trace,ip,sym"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    states: list[tuple[float, str]] = []
    switch: tuple[float, int, str, int] | None = None
    frames: list[str] = []

    def flush() -> None:
        if switch is None:
            return
        t, prev, prev_state, nxt = switch
        if prev == loop:
            if prev_state.startswith("R"):
                states.append((t, "rq"))
            else:
                stack = " ".join(frames)
                syscall = next((f.split()[-1] for f in frames if "sys_" in f), "?")
                states.append((t, "gil" if "futex" in stack else "idle" if "ep_poll" in stack else f"in {syscall}"))
        if nxt == loop:
            states.append((t, "run"))

    for line in proc.stdout:
        if m := WAKING.match(line):
            flush()
            switch, frames = None, []
            if int(m.group(3)) == loop:
                waker = int(m.group(1))
                by = ("the loop" if waker == loop else "a bot thread (GIL)" if waker in bot_threads
                      else "timer/interrupt" if waker == 0 else "another process")
                states.append((float(m.group(2)), f"rq after a wake-up by {by}"))
        elif m := SWITCH.match(line):
            flush()
            switch, frames = (float(m.group(2)), int(m.group(3)), m.group(4), int(m.group(5))), []
        elif line.strip():
            frames.append(line.strip())
    flush()
    proc.wait()
    return sorted(states)


def breakdown(states: list[tuple[float, str]], start: float, end: float) -> dict[str, float]:
    """Milliseconds in each state within [start, end]."""
    out: collections.Counter = collections.Counter()
    for (t, state), (t_next, _) in zip(states, [*states[1:], (end, "")], strict=True):
        a, b = max(t, start), min(t_next, end)
        if b > a:
            out[state] += (b - a) * 1000
    return {k: round(v, 1) for k, v in out.most_common()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.schedtrace", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("perf_data")
    ap.add_argument("bench_json")
    args = ap.parse_args(argv)
    res = json.loads(Path(args.bench_json).read_text())
    for i, run in enumerate(res.get("bot_runs", [res["bot"]]), 1):
        trace = run.get("trace")
        if not trace:
            print(f"run {i}: no trace figures (an older bench?)")
            continue
        threads = {int(k.rsplit("#", 1)[1]) for k in run.get("threads_cpu_ms", {}) if "#" in k}
        states = loop_states(args.perf_data, trace["loop_tid"], threads)
        lag, end = run["worst_loop_lag_ms"], trace["worst_lag_at"]
        print(f"run {i}: worst lag {lag} ms; the loop thread after its timer was due:",
              breakdown(states, end - lag / 1000, end))
        total: collections.Counter = collections.Counter()
        lags = run.get("loop_lags_over_10ms", [])
        for at, ms in lags:
            for state, v in breakdown(states, trace["window_start"] + at - ms / 1000,
                                      trace["window_start"] + at).items():
                total[state] += v
        print(f"  all {len(lags)} lags over 10 ms:", {k: round(v, 1) for k, v in total.most_common()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
