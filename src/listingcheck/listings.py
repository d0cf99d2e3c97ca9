"""A listing (script, recorded output, expectations) and the check of one run against them."""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import Config
from .backends import BACKENDS
from .executor import BackendUnavailable, RunResult, run_script
from .expectations import (
    ExpectationError,
    Expectations,
    compare_output,
    check_budget,
    load_expectations,
    unified_diff,
)
from .reuse import PassedRuns

STDERR_TAIL_LINES = 40
DEFAULT_BACKEND = BACKENDS[0]


@dataclass(frozen=True)
class Provenance:
    """Where a recorded output comes from: when, and with which versions."""

    date: str  # ISO date of the recording
    python: str
    keras: str
    backend: str
    backend_version: str


def code_fingerprint(source: str) -> str:
    """The script's code without its formatting, comments and docstrings.

    Figures measured from a listing (robustness) go stale when its code changes, not when it is
    reformatted or its docstring reworded.
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree, include_attributes=False)


@dataclass(frozen=True)
class Listing:
    script: Path

    @property
    def recorded(self) -> Path:
        """The recorded output on the default backend (TensorFlow)."""
        return self.recorded_for(DEFAULT_BACKEND)

    def recorded_for(self, backend: str) -> Path:
        """``NN-x.out`` for TensorFlow, ``NN-x.<backend>.out`` for the others."""
        if backend == DEFAULT_BACKEND:
            return self.script.with_suffix(".out")
        return self.script.with_suffix(f".{backend}.out")

    @property
    def digest(self) -> str:
        """A hash of the script's code and its expectations: figures made from them go stale with it."""
        hasher = hashlib.sha256(code_fingerprint(self.script.read_text(encoding="utf-8")).encode())
        if self.expectations_file.exists():
            hasher.update(self.expectations_file.read_bytes())
        return hasher.hexdigest()[:16]

    @property
    def provenance_file(self) -> Path:
        return self.script.with_suffix(".provenance.json")

    @property
    def backends(self) -> tuple[str, ...]:
        """The backends its .toml declares, TensorFlow first (all three when it says nothing)."""
        return load_expectations(self.expectations_file, 0).backends

    def outputs(self) -> list[tuple[str, Path]]:
        """(backend, recorded output) for each backend the listing declares, in page order."""
        return [(backend, self.recorded_for(backend)) for backend in self.backends]

    def provenance(self, backend: str) -> Provenance | None:
        if not self.provenance_file.is_file():
            return None
        entry = json.loads(self.provenance_file.read_text(encoding="utf-8")).get(backend)
        return Provenance(**entry) if entry else None

    def write_provenance(self, provenance: Provenance) -> None:
        entries = {}
        if self.provenance_file.is_file():
            entries = json.loads(self.provenance_file.read_text(encoding="utf-8"))
        entries[provenance.backend] = asdict(provenance)
        self.provenance_file.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @property
    def expectations_file(self) -> Path:
        return self.script.with_suffix(".toml")

    def name(self, config: Config) -> str:
        return self.script.resolve().relative_to(config.root.resolve()).as_posix()

    def work_dir(self, config: Config, backend: str = DEFAULT_BACKEND) -> Path:
        """Where the listing runs on ``backend``: it writes its pictures into the current folder."""
        relative = self.script.resolve().relative_to(config.snippets.resolve())
        return config.work / backend / relative.with_suffix("")

    def expectations(self, config: Config) -> Expectations:
        expectations = load_expectations(self.expectations_file, config.default_timeout)
        check_budget(self.expectations_file, expectations, config.listing_budget)
        return expectations


@dataclass(frozen=True)
class Outcome:
    """The verdict on one run of a listing: ``failure`` is None when everything held.

    ``reused``: nothing ran; ``run`` is a pass kept from an earlier session whose inputs were the same.
    """

    listing: Listing
    run: RunResult | None
    failure: str | None
    reused: bool = False


def run_listing(
    listing: Listing, config: Config, prelude: str = "", backend: str = DEFAULT_BACKEND
) -> tuple[RunResult | None, Expectations, str | None]:
    """Run the listing on ``backend`` under its time limit; return the run and a failure if it failed."""
    name = listing.name(config)
    try:
        expectations = listing.expectations(config)
    except ExpectationError as error:
        return None, Expectations(timeout=config.default_timeout), f"{name}: {error}"
    if backend not in expectations.backends:
        return None, expectations, f"{name} does not declare the backend {backend!r} (its .toml: {list(expectations.backends)})"
    name = f"{name} [{backend}]"
    try:
        run = run_script(
            listing.script, expectations.timeout_for(backend), listing.work_dir(config, backend), list(config.preload), prelude, backend
        )
    except BackendUnavailable as error:
        return None, expectations, f"{name}: {error}"
    if run.timed_out:
        return run, expectations, (
            f"{name} ran past its time limit of {expectations.timeout_for(backend):g} s and was stopped.\n"
            f"--- what it printed before ---\n{run.stdout}"
        )
    if run.exit_code != 0:
        tail = "\n".join(run.stderr.splitlines()[-STDERR_TAIL_LINES:])
        return run, expectations, f"{name} failed with exit code {run.exit_code}:\n{tail}"
    missing = [a for a in expectations.artifacts if not (listing.work_dir(config, backend) / a).is_file()]
    if missing:
        return run, expectations, f"{name} did not write the files its .toml declares: {missing}"
    return run, expectations, None


def check_listing(listing: Listing, config: Config, backend: str = DEFAULT_BACKEND) -> Outcome:
    """Run the listing on ``backend``; compare its output with that backend's recorded output."""
    name = f"{listing.name(config)} [{backend}]"
    recorded_file = listing.recorded_for(backend)
    try:
        declared = listing.backends
    except ExpectationError as error:
        return Outcome(listing, None, f"{name}: {error}")
    if backend in declared and not recorded_file.exists():
        # Before running it: a missing recording is a fault of the repository, not of the run.
        return Outcome(listing, None, f"{name} has no recorded output {recorded_file.name} for the backend it "
                                      f"declares: run `make record LISTINGS={listing.name(config)}`")
    run, expectations, failure = run_listing(listing, config, backend=backend)
    if failure is not None or run is None:
        return Outcome(listing, run, failure)
    recorded = recorded_file.read_text(encoding="utf-8")
    problems = compare_output(recorded, run.stdout, expectations)
    if not problems:
        return Outcome(listing, run, None)
    report = "\n".join(f"  - {problem}" for problem in problems)
    diff = unified_diff(recorded, run.stdout, name) or "(no line differs as text)"
    return Outcome(listing, run, f"{name}: output does not match its expectations:\n{report}\n{diff}")


class OutcomeCache:
    """Each listing runs once per backend per session, however many pages (en, zh) show it.

    With ``reuse``, a run whose content key (``reuse.PassedRuns``) matches a pass kept by an earlier
    session does not run: its outcome is that pass. Each pass that ran is kept for later sessions.

    With ``times``, each run appends one JSON line (listing, backend, seconds, reused) to that file,
    for the summary at the end of a test session (several pytest-xdist workers may append to it).
    """

    def __init__(self, config: Config, times: Path | None = None, reuse: bool = False) -> None:
        self.config = config
        self.times = times
        self.passed = PassedRuns(config) if reuse else None
        self._outcomes: dict[tuple[Path, str], Outcome] = {}

    def outcome(self, script: Path, backend: str = DEFAULT_BACKEND) -> Outcome:
        key = (script.resolve(), backend)
        if key not in self._outcomes:
            outcome = self._check(Listing(key[0]), backend)
            self._outcomes[key] = outcome
            if self.times is not None and outcome.run is not None:
                line = json.dumps({"listing": outcome.listing.name(self.config), "backend": backend,
                                   "seconds": round(outcome.run.seconds, 2), "reused": outcome.reused})
                with self.times.open("a", encoding="utf-8") as log:
                    log.write(line + "\n")
        return self._outcomes[key]

    def _check(self, listing: Listing, backend: str) -> Outcome:
        if self.passed is None:
            return check_listing(listing, self.config, backend)
        # The key is taken before the run: it names the inputs the run saw.
        run_key = self.passed.key(listing.script, backend)
        kept = self.passed.find(run_key)
        if kept is not None:
            return Outcome(listing, kept, None, reused=True)
        outcome = check_listing(listing, self.config, backend)
        if outcome.failure is None and outcome.run is not None:
            self.passed.keep(run_key, outcome.run)
        return outcome

    @property
    def outcomes(self) -> list[Outcome]:
        return list(self._outcomes.values())
