"""Reuse of passed listing runs: a run whose inputs are unchanged since it passed is not run again.

A run of one listing on one backend has a content key, a SHA-256 over everything that can change
the run or its check:

- the listing's path, and the bytes of every file in its folder and below (sibling modules, data,
  its .toml, its recorded outputs and provenance);
- the bytes of every file under ``src/`` (the library ``lstmstate`` with its tutorial data, and
  this checker), ``pyproject.toml`` (the checker's settings, the preload list) and
  ``requirements.lock``;
- Keras's own settings file, ``keras.json`` under ``KERAS_HOME`` or ``~/.keras`` (float type,
  epsilon), which Keras reads at import;
- the backend, ``sys.version``, and the name and version of every installed distribution: not only
  keras, numpy and the backend's package, but what runs under them (jaxlib, ml_dtypes) and what
  listings import on any backend (matplotlib, tensorflow);
- the environment variables of the run (``executor.runner_environment``: ``KERAS_BACKEND``, the
  thread limits of ``executor.thread_limits``) read by Keras, its backends, their thread pools and
  Python (``KEYED_PREFIXES``, ``KEYED_NAMES``).

Files outside these: the listings were checked (a search of snippets/ for ``open(``, ``Path(``,
``np.load``, ``read_text``, ``load_model`` and every import): they import ``lstmstate`` and
installed packages, and read back only files they wrote themselves in the folder they run in
(``model.keras``, ``states.npz``); none reads a file outside its folder and ``src/``. A listing that
starts to must add that file to the key.

A run's time is not in the key: a pass stays reused with the seconds it took when it ran. Only
passes are kept (``keep``); a failure, a timeout or a missing recorded output is never kept, so it
runs again in every session. Kept runs lie in ``<work>/passed/<key>.json`` (``Config.work``, under
``build/``); deleting the folder, or ``--fresh-listings``, runs everything.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path

from .config import Config
from .executor import RunResult, runner_environment

KEY_FORMAT = "listingcheck-reuse-1"  # changed when what the key covers changes
SKIPPED_FOLDERS = {"__pycache__"}
SKIPPED_SUFFIXES = (".egg-info",)
PROJECT_FILES = ("pyproject.toml", "requirements.lock")
# The runner passes this process's whole environment on; of it, the key takes what Keras, its
# backends, their thread pools (OpenMP, MKL, OpenBLAS) and Python read.
KEYED_PREFIXES = (
    "KERAS_",
    "TF_",
    "JAX_",
    "XLA_",
    "TORCH_",
    "PYTORCH_",
    "OMP_",
    "MKL_",
    "OPENBLAS_",
    "CUDA_",
)
KEYED_NAMES = ("PYTHONPATH", "PYTHONHASHSEED")
# Where JAX keeps compiled programs, and which it keeps, change how long a run takes, not what it
# prints (a program found there is the one XLA would compile again). `make test` sets them and a
# bare `pytest` does not: neither should make the other run every listing again.
UNKEYED = frozenset(
    {
        "JAX_COMPILATION_CACHE_DIR",
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS",
        "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES",
    }
)


def files_under(folder: Path) -> Iterator[Path]:
    """Every file at or below ``folder``, sorted, without ``__pycache__`` and ``*.egg-info``."""
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part in SKIPPED_FOLDERS or part.endswith(SKIPPED_SUFFIXES) for part in parts):
            continue
        if path.is_file():
            yield path


def keyed_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of a run's environment that can change what it prints, sorted by name."""
    return {
        name: environ[name]
        for name in sorted(environ)
        if name not in UNKEYED and (name.startswith(KEYED_PREFIXES) or name in KEYED_NAMES)
    }


def installed_distributions() -> list[str]:
    """``name==version`` of every distribution installed for this Python, sorted."""
    return sorted(
        {f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()}
    )


def keras_settings_file(environ: Mapping[str, str]) -> Path:
    """Where Keras reads its settings (``keras.json``) in a process with ``environ``."""
    return Path(environ.get("KERAS_HOME") or Path.home() / ".keras") / "keras.json"


class PassedRuns:
    """The passed runs of one project's listings, kept under its work folder and found by key.

    The parts of the key that every listing shares (``src/``, the project files, the installed
    distributions) are read once per instance: make one per test session.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.folder = config.work / "passed"
        self._shared: str | None = None

    def key(self, script: Path, backend: str) -> str:
        """The content key (64 hex digits) of a run of ``script`` on ``backend`` now.

        Raises:
            ValueError: if ``script`` is not under the project's root.
        """
        root = self.config.root.resolve()
        script = script.resolve()
        environ = runner_environment(backend)
        hasher = hashlib.sha256()
        for part in (
            KEY_FORMAT,
            self._shared_part(),
            script.relative_to(root).as_posix(),
            backend,
            json.dumps(keyed_environment(environ)),
        ):
            _add(hasher, part.encode())
        _add_files(hasher, files_under(script.parent), root)
        settings = keras_settings_file(environ)
        _add(hasher, settings.read_bytes() if settings.is_file() else b"")
        return hasher.hexdigest()

    def find(self, key: str) -> RunResult | None:
        """The passed run kept under ``key``, or None (none kept, or a file that cannot be read)."""
        try:
            run = RunResult(**json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):  # TypeError: a file of another format
            return None
        return run if run.ok else None

    def keep(self, key: str, run: RunResult) -> None:
        """Keep ``run``, a pass, under ``key``.

        Raises:
            ValueError: if the run did not pass (it exited with an error or ran past its limit).
        """
        if not run.ok:
            raise ValueError(
                f"only a passed run is kept (exit code {run.exit_code}, timed out: {run.timed_out})"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written, then renamed: no xdist worker or stopped session leaves half a file under a key.
        partial = self.folder / f"{key}.{os.getpid()}.tmp"
        partial.write_text(json.dumps(asdict(run)), encoding="utf-8")
        partial.replace(self.folder / f"{key}.json")

    def _shared_part(self) -> str:
        if self._shared is None:
            root = self.config.root.resolve()
            hasher = hashlib.sha256()
            _add(hasher, sys.version.encode())
            _add(hasher, "\n".join(installed_distributions()).encode())
            project = [root / name for name in PROJECT_FILES if (root / name).is_file()]
            _add_files(hasher, [*files_under(root / "src"), *project], root)
            self._shared = hasher.hexdigest()
        return self._shared


def _add(hasher: hashlib._Hash, data: bytes) -> None:
    # Each part with its length: two different sequences of parts never hash the same bytes.
    hasher.update(len(data).to_bytes(8, "big"))
    hasher.update(data)


def _add_files(hasher: hashlib._Hash, files: Iterable[Path], root: Path) -> None:
    for path in files:
        _add(hasher, path.relative_to(root).as_posix().encode())
        _add(hasher, path.read_bytes())
