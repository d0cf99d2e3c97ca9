"""Run one listing script in a fresh process and capture what it printed.

TensorFlow takes seconds to import. Listings are therefore forked from a server process
that imported the heavy modules once (multiprocessing's "forkserver" with a preload
list): each listing still gets its own process, state and exit, but not the import cost.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunResult:
    """What one run of a listing produced."""

    stdout: str
    stderr: str
    exit_code: int | None  # None when the run was killed at its time limit
    seconds: float
    timed_out: bool

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


_context: multiprocessing.context.ForkServerContext | None = None


def _forkserver(preload: list[str]) -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        # Quiet TensorFlow's C++ start-up chatter; it goes to stderr, which is not compared.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(preload)
    return _context


def _print_listing_traceback(error: BaseException, script: str) -> None:
    """Print the traceback from the listing's own first frame on, as `python script` would."""
    frames = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename == script), 0)
    print("Traceback (most recent call last):", file=sys.stderr)
    print("".join(traceback.format_list(frames[first:])), end="", file=sys.stderr)
    print("".join(traceback.format_exception_only(error)), end="", file=sys.stderr)


def _run_in_child(script: str, cwd: str, stdout_path: str, stderr_path: str, prelude: str) -> None:
    """Child side: behave like `python script` run from `cwd`, output into two files."""
    out_fd = os.open(stdout_path, os.O_WRONLY | os.O_TRUNC)
    err_fd = os.open(stderr_path, os.O_WRONLY | os.O_TRUNC)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    os.chdir(cwd)
    sys.argv = [script]
    sys.path.insert(0, str(Path(script).parent))
    code = 0
    try:
        exec(prelude, {})  # instrumentation asked by the caller (a seed override, timers)
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException as error:  # noqa: BLE001 - any failure of the listing is reported
        _print_listing_traceback(error, script)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: TensorFlow's can take seconds and prints nothing useful.
    os._exit(code)


def run_script(script: Path, timeout: float, cwd: Path, preload: list[str], prelude: str = "") -> RunResult:
    """Run ``script`` as ``__main__`` in a forked process, killed after ``timeout`` seconds.

    ``prelude`` is Python code run in the child just before the script.
    """
    context = _forkserver(preload)
    cwd.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="listing-") as tmp:
        out_path, err_path = Path(tmp, "stdout"), Path(tmp, "stderr")
        out_path.touch()
        err_path.touch()
        process = context.Process(
            target=_run_in_child,
            args=(str(script.resolve()), str(cwd.resolve()), str(out_path), str(err_path), prelude),
        )
        started = time.perf_counter()
        process.start()
        process.join(timeout)
        timed_out = process.is_alive()
        if timed_out:
            process.kill()
            process.join()
        seconds = time.perf_counter() - started
        return RunResult(
            stdout=out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=err_path.read_text(encoding="utf-8", errors="replace"),
            exit_code=None if timed_out else process.exitcode,
            seconds=seconds,
            timed_out=timed_out,
        )
