"""Command line: `python -m listingcheck record|robustness [SCRIPT ...]`, `... translations [--mark PAGE]`."""

import sys

from . import record, robustness, translation

COMMANDS = {"record": record.main, "robustness": robustness.main,
            "translations": translation.main}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    sys.exit("usage: python -m listingcheck {record|robustness} [SCRIPT ...] | translations [--mark PAGE.zh.md ...]")
sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
