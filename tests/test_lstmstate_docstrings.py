"""Every docstring example of the lstmstate modules runs, as the API page shows it."""

import doctest
import importlib
import pkgutil

import pytest

import lstmstate

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(lstmstate.__path__, prefix="lstmstate.")
    if not info.name.rsplit(".", 1)[-1].startswith("_")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
WITH_EXAMPLES = {
    "lstmstate.batching",
    "lstmstate.callbacks",
    "lstmstate.checks",
    "lstmstate.evaluation",
    "lstmstate.inference",
    "lstmstate.layers",
    "lstmstate.rows",
}


def test_the_modules_are_found():
    assert {"lstmstate.layers", "lstmstate.checks", "lstmstate.tutorial.alphabet"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name, globs={}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed (see above)"
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name}: its examples were not found"


@pytest.mark.parametrize("name", MODULES)
def test_no_example_escapes_the_run(name):
    """A fenced ```python block would be shown on the API page without being run."""
    module = importlib.import_module(name)
    for test in doctest.DocTestFinder(exclude_empty=False).find(module, name):
        assert "```python" not in (test.docstring or ""), f"{test.name}: write it as >>> lines"


def test_a_wrong_example_fails():
    def wrong():
        """
        >>> 1 + 1
        3
        """

    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(wrong, "wrong", globs={}):
        runner.run(test, out=lambda text: None)
    assert runner.summarize(verbose=False).failed == 1
