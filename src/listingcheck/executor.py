"""Run one listing script in a fresh process, on a chosen Keras backend, and capture its output.

Keras reads ``KERAS_BACKEND`` once, when it is first imported, so each backend gets its own
runner process (``python -m listingcheck.runner``) started with that variable set. A runner
imports the heavy modules once (multiprocessing's "forkserver" with a preload list: NumPy,
Keras and the backend's own package) and forks each listing from there: each listing still gets
its own process, state and exit, but not the import cost, and nothing one backend imported
(TensorFlow, say) is present in another backend's runs.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import multiprocessing
import multiprocessing.forkserver
import os
import subprocess
import runpy
import sys
import tempfile
import time
import traceback
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .backends import BACKENDS, TABLE

class BackendUnavailable(RuntimeError):
    """A listing declares a backend whose package is not installed."""


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


def run_here(script: Path, timeout: float, cwd: Path, preload: list[str], prelude: str = "") -> RunResult:
    """Run ``script`` as ``__main__`` in a process forked from this process's fork server.

    The child is killed after ``timeout`` seconds. ``prelude`` is Python code run in the child
    just before the script. The backend is whatever ``KERAS_BACKEND`` this process has.
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


def thread_limits(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Under N pytest-xdist workers, the threads each listing may use: its share of the cores.

    Without this, every worker's TensorFlow and PyTorch would start one thread per core, and N
    listings at once would fight over them. Read at import by PyTorch (``OMP_NUM_THREADS``) and
    TensorFlow (``TF_NUM_INTRAOP_THREADS``, ``TF_NUM_INTEROP_THREADS``). Outside xdist: none.
    """
    environ = os.environ if environ is None else environ
    workers = int(environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if workers <= 1:
        return {}
    share = str(max(1, len(os.sched_getaffinity(0)) // workers))
    return {"OMP_NUM_THREADS": share, "TF_NUM_INTRAOP_THREADS": share, "TF_NUM_INTEROP_THREADS": share}


def runner_environment(backend: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of ``backend``'s runner process, which each listing it forks inherits.

    This process's environment (``environ``, or ``os.environ``), with ``KERAS_BACKEND`` set to
    ``backend``, TensorFlow's C++ log quieted and the thread limits of ``thread_limits``.
    """
    environ = os.environ if environ is None else environ
    return dict(environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="2", **thread_limits(environ))


class BackendRunner:
    """A ``listingcheck.runner`` process for one backend, asked to run one script at a time."""

    def __init__(self, backend: str, preload: list[str]) -> None:
        if backend not in TABLE:
            raise BackendUnavailable(f"unknown Keras backend {backend!r}: the backends are {', '.join(BACKENDS)}")
        package = TABLE[backend].package
        if importlib.util.find_spec(package) is None:
            raise BackendUnavailable(
                f"the Keras backend {backend!r} is not installed (no module {package!r}): "
                f"{TABLE[backend].install_hint}"
            )
        env = runner_environment(backend)
        # "@backend" in the preload list stands for the backend's own package.
        modules = [package if module == "@backend" else module for module in preload]
        self.backend = backend
        self.process = subprocess.Popen(
            [sys.executable, "-m", "listingcheck.runner", json.dumps(modules)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8",
        )

    def run(self, script: Path, timeout: float, cwd: Path, prelude: str) -> RunResult:
        assert self.process.stdin is not None and self.process.stdout is not None
        request = {"script": str(script), "timeout": timeout, "cwd": str(cwd), "prelude": prelude}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the {self.backend} runner stopped (exit code {self.process.wait()})")
        return RunResult(**json.loads(answer))

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


_runners: dict[str, BackendRunner] = {}


@atexit.register
def _close_runners() -> None:
    for runner in _runners.values():
        runner.close()


def run_script(
    script: Path, timeout: float, cwd: Path, preload: list[str], prelude: str = "", backend: str = BACKENDS[0]
) -> RunResult:
    """Run ``script`` as ``__main__`` on ``backend``, in its own process, killed after ``timeout`` s.

    Raises:
        BackendUnavailable: if ``backend`` is not a Keras backend, or its package is not installed.
    """
    if backend not in _runners:
        _runners[backend] = BackendRunner(backend, preload)
    return _runners[backend].run(script.resolve(), timeout, cwd.resolve(), prelude)


def serve(preload: list[str]) -> None:
    """Runner side: answer each request line on stdin with one result line on stdout."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever the preloaded modules print must not mix with the answers
    _forkserver(preload)
    multiprocessing.forkserver.ensure_running()  # import the preload now, not in the first timed run
    for line in sys.stdin:
        request = json.loads(line)
        result = run_here(
            Path(request["script"]), request["timeout"], Path(request["cwd"]), preload, request["prelude"]
        )
        channel.write(json.dumps(asdict(result)) + "\n")
        channel.flush()
