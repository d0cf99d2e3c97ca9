"""`python -m diagrams [--out DIR] [NAME ...]`: redraw the site's diagrams (default: all, into docs/assets/diagrams)."""

import argparse
from pathlib import Path

from . import OUTPUT, build, names

parser = argparse.ArgumentParser(prog="python -m diagrams", description=__doc__)
parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {names()}; default: all")
parser.add_argument("--out", type=Path, default=OUTPUT, help="folder to write the SVG files into")
args = parser.parse_args()
unknown = sorted(set(args.names) - set(names()))
if unknown:
    parser.error(f"unknown diagrams {unknown}; known: {names()}")
for path in build(args.out, args.names or None):
    print(f"drew {path}")
