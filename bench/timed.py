"""Run one script with Keras's training calls timed: `python bench/timed.py SCRIPT OUT.json`.

The script runs in this process as `__main__` (as `python SCRIPT` would run it), after
`keras.Model` has been patched so that every call of these methods adds to a clock:

- training_s: time inside `fit` and `train_on_batch`. Whatever they call counts as training
  too (the validation that `fit(validation_data=...)` runs, its callbacks).
- evaluation_s: time inside `evaluate`, `test_on_batch`, `predict` and `predict_on_batch`
  when called from the script, not from inside `fit`. Reported, but not training.

Only the outermost call is timed, so no second is counted twice. Everything else (importing
TensorFlow, preparing data, building the model, plotting, exiting) is neither; the caller
measures the whole-script wall time around this process. OUT.json gets the two clocks, the
number of calls of each method, the TensorFlow and Keras versions and the script's exit code.
"""

from __future__ import annotations

import functools
import json
import runpy
import sys
import time
import traceback
from pathlib import Path

TRAINING = ("fit", "train_on_batch")
EVALUATION = ("evaluate", "test_on_batch", "predict", "predict_on_batch")


class Clocks:
    def __init__(self) -> None:
        self.seconds = {"training": 0.0, "evaluation": 0.0}
        self.calls = {name: 0 for name in TRAINING + EVALUATION}
        self._depth = 0

    def wrap(self, name: str, kind: str, method):
        @functools.wraps(method)
        def timed(*args, **kwargs):
            if self._depth:  # called from inside another timed call: counted there
                return method(*args, **kwargs)
            self._depth += 1
            self.calls[name] += 1
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[kind] += time.perf_counter() - started
                self._depth -= 1

        return timed


def patch(model_class, clocks: Clocks) -> None:
    for names, kind in ((TRAINING, "training"), (EVALUATION, "evaluation")):
        for name in names:
            setattr(model_class, name, clocks.wrap(name, kind, getattr(model_class, name)))


def run_script(script: Path) -> int:
    """Run `script` as `python script` would; return its exit code."""
    sys.argv = [str(script)]
    sys.path[0] = str(script.parent)
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)
        return 1
    except BaseException:  # noqa: BLE001 - reported like Python does, as exit code 1
        traceback.print_exc()
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    script, out = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    started = time.perf_counter()
    import keras  # the script would import it too: same start-up cost, paid here

    clocks = Clocks()
    patch(keras.Model, clocks)
    imported = time.perf_counter()
    exit_code = run_script(script)
    finished = time.perf_counter()
    sys.stdout.flush()
    tensorflow = sys.modules.get("tensorflow")
    result = {
        "script": str(script),
        "exit_code": exit_code,
        "training_s": clocks.seconds["training"],
        "evaluation_s": clocks.seconds["evaluation"],
        "calls": clocks.calls,
        "import_s": imported - started,
        "script_s": finished - imported,
        "tensorflow": getattr(tensorflow, "__version__", None),
        "keras": keras.version(),
        "python": sys.version.split()[0],
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
