"""A listing run that passed is reused by a later session while its inputs are unchanged, and
runs again as soon as one of them changes; a failure is never reused (listingcheck.reuse)."""

import json

import pytest

from conftest import include
from listingcheck.config import Config
from listingcheck.executor import RunResult, runner_environment
from listingcheck.listings import OutcomeCache
from listingcheck.reuse import PassedRuns, keyed_environment

ONE_BACKEND = 'backends = ["tensorflow"]\nbackends_reason = { en = "Fast.", zh = "快。" }\n'
SCRIPT = "snippets/ch/01-count.py"


def counting_listing(site, rest="print('ok')\n", recorded="ok\n", toml=ONE_BACKEND):
    """A listing that appends its backend to runs.txt (outside its folder and src/) at each run."""
    runs = site.root / "runs.txt"
    code = (
        f"import os\nwith open({str(runs)!r}, 'a') as f:\n"
        "    f.write(os.environ['KERAS_BACKEND'] + '\\n')\n" + rest
    )
    script = site.listing("01-count", code, recorded=recorded, toml=toml)
    site.page("p", "# P\n\n" + include(SCRIPT))
    return script


def runs(site) -> list[str]:
    """The backends the listing ran on, one per run, across every session so far."""
    path = site.root / "runs.txt"
    return path.read_text().split() if path.exists() else []


def session(site, *args):
    """One test session of the listing's doc tests (its English and Chinese pages)."""
    return site.run("-m", "listing", *args)


def logged(site) -> list[dict]:
    """The runs the last session logged for its summary."""
    times = site.root / "build" / "listings" / "times.jsonl"
    return [json.loads(line) for line in times.read_text().splitlines()]


def test_a_passed_run_is_reused_by_the_next_session_and_nothing_runs(site):
    counting_listing(site)
    session(site).assert_outcomes(passed=2)
    assert runs(site) == ["tensorflow"]
    [first] = logged(site)

    result = session(site)
    result.assert_outcomes(passed=2)
    assert runs(site) == ["tensorflow"]  # the pass was reused: the listing did not run
    [second] = logged(site)
    assert (first["reused"], second["reused"]) == (False, True)
    assert second["seconds"] == first["seconds"]  # the time the run took when it ran
    result.stdout.fnmatch_lines(
        [
            "seconds per backend: TensorFlow 0.0 (0 ran, 1 reused)",
            f"* s  {SCRIPT} [[]tensorflow[]]  (reused)",
        ]
    )


def change_script(site, script):
    script.write_text(script.read_text() + "# changed\n")


def change_toml(site, script):
    script.with_suffix(".toml").write_text(ONE_BACKEND + "# changed\n")


def change_recorded_output(site, script):
    script.with_suffix(".out").write_text("ok, recorded again\n")


def change_a_file_beside_it(site, script):
    (script.parent / "data.txt").write_text("changed\n")


def change_a_file_under_src(site, script):
    (site.root / "src" / "pkg" / "data.txt").write_text("changed\n")


def change_an_environment_variable(site, script, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "1")


@pytest.mark.parametrize(
    "change",
    [
        change_script,
        change_toml,
        change_recorded_output,
        change_a_file_beside_it,
        change_a_file_under_src,
        change_an_environment_variable,
    ],
)
def test_a_change_to_one_of_its_inputs_runs_it_again(site, change, monkeypatch):
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    script = counting_listing(site)
    (script.parent / "data.txt").write_text("first\n")
    (site.root / "src" / "pkg").mkdir(parents=True)
    (site.root / "src" / "pkg" / "data.txt").write_text("first\n")
    session(site)
    session(site)
    assert runs(site) == ["tensorflow"]  # unchanged: reused

    if change is change_an_environment_variable:
        change(site, script, monkeypatch)
    else:
        change(site, script)
    session(site)
    assert runs(site) == ["tensorflow"] * 2
    assert [run["reused"] for run in logged(site)] == [False]


def test_a_pass_on_one_backend_is_not_reused_on_another(site):
    script = counting_listing(site, toml=None)  # all three backends
    config = Config.load(site.root)
    OutcomeCache(config, reuse=True).outcome(script, "tensorflow")
    outcome = OutcomeCache(config, reuse=True).outcome(script, "jax")
    assert outcome.failure is None and not outcome.reused
    assert runs(site) == ["tensorflow", "jax"]
    assert OutcomeCache(config, reuse=True).outcome(script, "tensorflow").reused
    assert runs(site) == ["tensorflow", "jax"]


@pytest.mark.parametrize(
    ("rest", "toml", "reason"),
    [
        ("raise SystemExit(3)\n", ONE_BACKEND, "*failed with exit code 3*"),
        ("print('not ok')\n", ONE_BACKEND, "*output does not match its expectations*"),
        (
            "import time\ntime.sleep(5)\n",
            ONE_BACKEND + "timeout = 1\n",
            "*ran past its time limit of 1 s*",
        ),
    ],
    ids=["error", "wrong-output", "timeout"],
)
def test_a_failed_run_is_not_kept_and_runs_again_and_fails_again(site, rest, toml, reason):
    counting_listing(site, rest=rest, toml=toml)
    for _ in range(2):
        result = session(site)
        result.assert_outcomes(failed=2)  # the listing's English and Chinese directives
        result.stdout.fnmatch_lines([reason])
    assert runs(site) == ["tensorflow"] * 2
    assert not list((site.root / "build" / "listings" / "passed").glob("*"))


def test_fresh_listings_runs_a_listing_whose_pass_would_be_reused(site):
    counting_listing(site)
    session(site)
    result = session(site, "--fresh-listings")
    result.assert_outcomes(passed=2)
    assert runs(site) == ["tensorflow"] * 2
    result.stdout.fnmatch_lines(["seconds per backend: TensorFlow * (1 ran, 0 reused)"])


def test_only_a_pass_is_kept_and_only_a_readable_pass_is_reused(site):
    counting_listing(site)
    passed = PassedRuns(Config.load(site.root))
    key = passed.key(site.root / SCRIPT, "tensorflow")
    failed = RunResult(stdout="", stderr="boom", exit_code=1, seconds=0.1, timed_out=False)
    with pytest.raises(ValueError, match="only a passed run is kept"):
        passed.keep(key, failed)
    assert passed.find(key) is None
    passed.folder.mkdir(parents=True)
    (passed.folder / f"{key}.json").write_text(json.dumps(vars(failed)))  # not written by keep
    assert passed.find(key) is None

    passed.keep(key, RunResult(stdout="ok\n", stderr="", exit_code=0, seconds=0.1, timed_out=False))
    assert passed.find(key) is not None
    (passed.folder / f"{key}.json").write_text('{"stdout": "ok')  # a session stopped while writing
    assert passed.find(key) is None


def test_the_key_takes_the_backend_and_thread_limits_but_not_where_jax_keeps_its_cache():
    environ = {"PYTEST_XDIST_WORKER_COUNT": "2", "JAX_COMPILATION_CACHE_DIR": "/c", "HOME": "/h"}
    keyed = keyed_environment(runner_environment("jax", environ))
    assert keyed["KERAS_BACKEND"] == "jax"
    assert {"OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"} <= set(keyed)
    assert not {"JAX_COMPILATION_CACHE_DIR", "HOME", "PYTEST_XDIST_WORKER_COUNT"} & set(keyed)
