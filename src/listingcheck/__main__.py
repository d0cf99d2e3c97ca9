"""Command line: `python -m listingcheck record|robustness [SCRIPT ...]`."""

import sys

from . import record, robustness

COMMANDS = {"record": record.main, "robustness": robustness.main}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    sys.exit("usage: python -m listingcheck {record|robustness} [SCRIPT ...]")
sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
