"""`make bench`: the original tutorials' long recipes against the site's listings, timed side by side.

- `bench/originals/`: minimal Keras 3 ports of the original recipes (API fixes only).
- `bench/timed.py`: runs one script with Keras's training calls timed.
- `bench/run.py`: runs every row of the table in `RECIPES`, checks both sides' accuracy, and
  writes results/bench.json and the tables the Performance page includes.
"""
