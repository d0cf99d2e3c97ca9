"""Two runs of a trained listing print the same output, on each backend: one forked by the checker,
one as a reader runs it (``KERAS_BACKEND=... python script``)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from listingcheck.config import Config
from listingcheck.backends import BACKENDS
from listingcheck.listings import Listing, run_listing

ROOT = Path(__file__).resolve().parents[1]
LISTING = ROOT / "snippets" / "one-letter" / "02-trained-well.py"


@pytest.mark.listing
@pytest.mark.parametrize("backend", BACKENDS)
def test_trained_listing_prints_the_same_output_twice(backend):
    config = Config.load(ROOT)
    run, _, failure = run_listing(Listing(LISTING), config, backend=backend)
    assert failure is None, failure
    reader = subprocess.run(
        [sys.executable, str(LISTING)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_BACKEND": backend}, cwd=ROOT,
    )
    assert reader.returncode == 0, reader.stderr
    assert run.stdout == reader.stdout
    assert "Model accuracy: 100.00%" in run.stdout  # a real training run, not an empty output
