"""pytest-xdist: each listing's runs stay on one worker, and so do the tests that read the built site."""

import os

import conftest
from conftest import include

from listingcheck.executor import thread_limits


def test_every_directive_of_a_listing_is_in_that_listings_group(site):
    site.listing("01-a", "print(1)\n", recorded="1\n")
    site.listing("02-b", "print(2)\n", recorded="2\n")
    body = "# P\n\n" + include("snippets/ch/01-a.py") + "\n" + include("snippets/ch/02-b.py sections=x")
    site.page("p", body)
    items, _ = site.pytester.inline_genitems("--markdown-docs", "docs/", "-p", "no:cacheprovider")
    groups = {item.nodeid: item.get_closest_marker("xdist_group").args[0]
              for item in items if item.get_closest_marker("xdist_group")}
    # English and Chinese pages: two directives of each listing, each pair in one group
    assert sorted(groups.values()) == ["snippets/ch/01-a.py"] * 2 + ["snippets/ch/02-b.py"] * 2


class StubItem:
    def __init__(self, *fixturenames: str) -> None:
        self.fixturenames, self.groups = list(fixturenames), []

    def add_marker(self, marker) -> None:
        self.groups.append(marker.args[0])


def test_the_tests_that_read_the_built_site_share_one_group():
    reads_site, other = StubItem("tmp_path", "built_site"), StubItem("tmp_path")
    conftest.pytest_collection_modifyitems([reads_site, other])
    assert (reads_site.groups, other.groups) == (["built-site"], [])


def test_under_several_workers_each_listing_gets_its_share_of_the_cores():
    cores = len(os.sched_getaffinity(0))
    assert thread_limits({}) == {} and thread_limits({"PYTEST_XDIST_WORKER_COUNT": "1"}) == {}
    limits = thread_limits({"PYTEST_XDIST_WORKER_COUNT": "2"})
    assert limits["OMP_NUM_THREADS"] == limits["TF_NUM_INTRAOP_THREADS"] == str(max(1, cores // 2))


GROUPED_PROJECT = """
import pytest

pytest_plugins = ["listingcheck.xdist_groups"]


def pytest_collection_modifyitems(items):  # as tests/conftest.py groups the tests of the built site
    for item in items:
        if "shared" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("shared"))


@pytest.fixture(scope="session")
def shared():
    return None
"""


def test_under_loadgroup_the_tests_of_one_group_run_on_one_worker(pytester):
    pytester.makeconftest(GROUPED_PROJECT)
    tests = "".join(f"def test_shared_{i}(shared): pass\ndef test_alone_{i}(): pass\n"
                    for i in range(6))
    pytester.makepyfile(test_g=tests)
    result = pytester.runpytest_subprocess("-n", "2", "--dist", "loadgroup", "-v")
    result.assert_outcomes(passed=12)
    shared = [line.split() for line in result.outlines if "PASSED test_g.py::test_shared_" in line]
    # "[gw1] [ 50%] PASSED test_g.py::test_shared_3@shared": the scheduler reads the group there
    assert len(shared) == 6, result.outlines
    assert all(words[-1].endswith("@shared") for words in shared), result.outlines
    assert len({words[0] for words in shared}) == 1, result.outlines


def test_without_xdist_no_node_id_changes(pytester):
    pytester.makeconftest(GROUPED_PROJECT)
    pytester.makepyfile(test_g="def test_shared(shared): pass\n")
    items, _ = pytester.inline_genitems("-p", "no:cacheprovider")
    assert [item.nodeid for item in items] == ["test_g.py::test_shared"]
