"""Tolerances, run-once caching and the recorder."""

import importlib.metadata
import subprocess
import sys

from listingcheck.listings import Listing

from conftest import include

TOLERANT = """
[[tolerance]]
pattern = 'accuracy: (?P<accuracy>[0-9.]+)'
accuracy = { min = 0.9 }
[[tolerance]]
pattern = 'loss: (?P<loss>[0-9.]+)'
loss = { rel = 0.1 }
"""


def test_numbers_within_their_tolerance_pass(site):
    site.listing("01-fit", "print('accuracy: 0.95')\nprint('loss: 1.05')\n",
                 recorded="accuracy: 1.0\nloss: 1.0\n", toml=TOLERANT)
    site.page("fit", "# F\n\n" + include("snippets/ch/01-fit.py"))
    site.run().assert_outcomes(passed=10)


def test_numbers_outside_their_tolerance_fail_with_the_reason(site):
    site.listing("01-fit", "print('accuracy: 0.85')\nprint('loss: 1.2')\n",
                 recorded="accuracy: 1.0\nloss: 1.0\n", toml=TOLERANT)
    site.page("fit", "# F\n\n" + include("snippets/ch/01-fit.py"))
    site.run().stdout.fnmatch_lines([
        "*line 1: accuracy = 0.85 is below its minimum 0.9*",
        "*line 2: loss = 1.2 is not within 0.1 (relative) of recorded 1*",
    ])


def test_a_rule_that_matches_nothing_is_an_error(site):
    site.listing("01-fit", "print('acc 1.0')\n", recorded="acc 1.0\n", toml=TOLERANT)
    site.page("fit", "# F\n\n" + include("snippets/ch/01-fit.py"))
    site.run().stdout.fnmatch_lines(["*tolerance rule 'accuracy: *' matches no line of the recorded output*"])


def test_a_group_without_a_check_is_an_error(site):
    site.listing("01-fit", "print('acc 1.0')\n", recorded="acc 1.0\n",
                 toml="[[tolerance]]\npattern = 'acc (?P<acc>.*)'\n")
    site.page("fit", "# F\n\n" + include("snippets/ch/01-fit.py"))
    site.run().stdout.fnmatch_lines(["*group 'acc' has no check (min, max, rel or abs)*"])


def test_a_listing_shown_in_both_languages_runs_once(site):
    runs = site.root / "runs.txt"
    site.listing("01-count", f"with open({str(runs)!r}, 'a') as f:\n    f.write('run\\n')\nprint('ok')\n",
                 recorded="ok\n")
    site.page("twice", "# T\n\n" + include("snippets/ch/01-count.py") + "\n" + include("snippets/ch/01-count.py"))
    site.run().assert_outcomes(passed=12)
    assert runs.read_text() == "run\n" * 3  # four fences, two pages: one run per backend


def record(site, *scripts):
    return subprocess.run([sys.executable, "-m", "listingcheck", "record", *scripts],
                          cwd=site.root, capture_output=True, text=True)


def test_recorder_writes_the_output_of_a_good_run(site):
    script = site.listing("01-good", "print('fresh')\n", recorded="stale\n")
    result = record(site, str(script))
    assert result.returncode == 0, result.stderr
    assert script.with_suffix(".out").read_text() == "fresh\n"
    assert "changed   snippets/ch/01-good.py [tensorflow]" in result.stdout
    assert "-stale\n+fresh" in result.stdout  # the report shows what changed


def test_recorder_reports_an_unchanged_output_and_writes_provenance(site):
    script = site.listing("01-same", "print('same')\n", recorded="same\n")
    script.with_suffix(".provenance.json").unlink()
    result = record(site, str(script))
    assert "unchanged snippets/ch/01-same.py" in result.stdout
    provenance = Listing(script).provenance("tensorflow")
    assert provenance is not None and provenance.keras == importlib.metadata.version("keras")


def test_recorder_never_writes_the_output_of_a_failed_run(site):
    script = site.listing("01-bad", "print('partial')\nraise SystemExit(3)\n", recorded="kept\n")
    slow = site.listing("02-slow", "import time\nprint('partial')\ntime.sleep(60)\n", recorded="kept\n",
                        toml="timeout = 1\n")
    result = record(site, str(script), str(slow))
    assert result.returncode == 1
    for backend in ("tensorflow", "jax", "torch"):
        assert (f"REFUSED   snippets/ch/01-bad.py [{backend}]: snippets/ch/01-bad.py [{backend}] failed with "
                "exit code 3") in result.stderr
        assert (f"REFUSED   snippets/ch/02-slow.py [{backend}]: snippets/ch/02-slow.py [{backend}] ran past its "
                "time limit") in result.stderr
    assert script.with_suffix(".out").read_text() == "kept\n"
    assert slow.with_suffix(".out").read_text() == "kept\n"


def test_recorder_refuses_an_output_that_breaks_its_claim(site):
    script = site.listing("01-weak", "print('accuracy: 0.5')\nprint('loss: 1.0')\n",
                          recorded="accuracy: 1.0\nloss: 1.0\n", toml=TOLERANT)
    result = record(site, str(script))
    assert result.returncode == 1
    assert "accuracy = 0.5 is below its minimum 0.9" in result.stderr
    assert script.with_suffix(".out").read_text() == "accuracy: 1.0\nloss: 1.0\n"


def test_recorder_copies_declared_pictures_into_docs(site):
    script = site.listing("01-plot", "open('curve.png', 'wb').write(b'png')\nprint('ok')\n",
                          toml='artifacts = ["curve.png"]\n')
    assert record(site, str(script)).returncode == 0
    assert (site.root / "docs" / "assets" / "listings" / "ch" / "curve.png").read_bytes() == b"png"


def test_a_declared_picture_that_is_not_written_fails(site):
    site.listing("01-plot", "print('ok')\n", recorded="ok\n", toml='artifacts = ["curve.png"]\n')
    site.page("plot", "# P\n\n" + include("snippets/ch/01-plot.py"))
    site.run().stdout.fnmatch_lines(["*did not write the files its .toml declares: ?'curve.png'?"])
