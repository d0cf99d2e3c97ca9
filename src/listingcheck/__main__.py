"""Command line: `python -m listingcheck record [SCRIPT ...]`."""

import sys

from .record import main

if len(sys.argv) < 2 or sys.argv[1] != "record":
    sys.exit("usage: python -m listingcheck record [SCRIPT ...]")
sys.exit(main(sys.argv[2:]))
