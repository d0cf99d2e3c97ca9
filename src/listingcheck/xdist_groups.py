"""pytest-xdist's ``--dist loadgroup`` under pytest 9.2: one ``xdist_group``, one worker.

xdist (3.8) tells its scheduler a test's group by appending ``@<group>`` to the test's node id,
which it writes into ``item._nodeid``. pytest 9.2 keeps the node id in ``item._id`` (a structured
``NodeId``) and no longer reads that field, so the suffix is lost and every group is spread over
the workers without a word (pytest-xdist issue #1386, open): each worker then builds the site and
runs a listing that another worker runs too. On a worker under loadgroup, after every other hook
has added its ``xdist_group`` marks (the listing checker's, tests/conftest.py's), this writes the
suffix where pytest reads it. Where xdist's own suffix took effect (an older pytest), it does
nothing.
"""

from __future__ import annotations

import pytest
from _pytest.nodeid import NodeId  # pytest 9.2's node id; no public way to set one exists


def group_suffix(item: pytest.Item) -> str:
    """``@<names>`` (sorted, joined by ``_``), as xdist makes it from the marks; "" without any."""
    names = sorted(
        {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
    )
    return "@" + "_".join(names) if names else ""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers only
        return
    for item in items:
        suffix = group_suffix(item)
        if suffix and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)  # type: ignore[attr-defined]
