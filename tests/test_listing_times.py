"""The end of a test session says how long the listing runs took, per backend and the slowest."""

from conftest import include


def test_the_session_summary_lists_each_listing_run_with_its_backend_and_time(site):
    site.listing("01-a", "print(1)\n", recorded="1\n", toml='backends = ["tensorflow", "jax"]\n'
                 'backends_reason = { en = "x", zh = "x" }\n')
    site.page("p", "# P\n\n" + include("snippets/ch/01-a.py"))
    result = site.run()
    result.stdout.fnmatch_lines(["*- 2 listing runs -*", "seconds per backend: TensorFlow *, JAX *",
                                 "* s  snippets/ch/01-a.py [[]*[]]", "* s  snippets/ch/01-a.py [[]*[]]"])


def test_a_new_session_starts_a_new_log(site):
    site.listing("01-a", "print(1)\n", recorded="1\n")
    site.page("p", "# P\n\n" + include("snippets/ch/01-a.py"))
    site.run()
    site.run().stdout.fnmatch_lines(["*- 3 listing runs -*"])  # not 6: the first session's are gone


def test_a_session_run_inside_another_gives_it_back_its_root_and_times_log(site, request):
    # Listings that run after a pytester test must log into this session's log, under its root.
    from listingcheck import pytest_plugin

    site.page("p", "# P\n")
    site.run()
    assert pytest_plugin._state["root"] == request.config.rootpath
    assert pytest_plugin._state["times"] == request.config.stash[pytest_plugin.TIMES_KEY]


def test_a_session_that_runs_no_listing_leaves_the_last_log_of_listing_runs(site):
    # `make test` runs the listings in one session and everything else in a second one.
    site.listing("01-a", "print(1)\n", recorded="1\n")
    site.page("p", "# P\n\n" + include("snippets/ch/01-a.py"))
    site.run("-m", "listing")
    last = site.root / "build" / "listings" / "times.jsonl"
    logged = last.read_text()
    assert len(logged.splitlines()) == 3  # one run per backend
    site.run("-m", "not listing")
    assert last.read_text() == logged
