import pytest

from pathlib import Path

from browser.site import build_site
from dataclasses import replace

from listingcheck.backends import BACKENDS
from listingcheck.listings import Listing, Provenance
from listingcheck.translation import mark_current

PROVENANCE = Provenance(date="2026-11-30", python="3.11.7", keras="3.15.1", backend="tensorflow",
                        backend_version="2.21.0")

pytest_plugins = ["pytester"]


SITE_FIXTURES = {"built_site"}  # and every fixture built on it


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (--dist loadgroup), the tests that read the built site share one worker,
    so the site is built once (browser.site.build_site) and one Chromium serves them all."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("built-site"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once per test session (`mkdocs build --strict`) for every test that reads it."""
    return build_site(tmp_path_factory)


@pytest.fixture
def site(pytester: pytest.Pytester):
    """A tiny project for the listing checker: no TensorFlow, so each run takes a second."""
    pytester.makepyprojecttoml(
        """
        [tool.listingcheck]
        preload = []
        default_timeout = 20
        """
    )
    pytester.makeconftest('pytest_plugins = ["listingcheck.pytest_plugin"]')
    return SiteBuilder(pytester)


class SiteBuilder:
    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        self.root = pytester.path

    def listing(self, name: str, code: str, recorded: str | None = None, toml: str | None = None):
        script = self.root / "snippets" / "ch" / f"{name}.py"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(code)
        if recorded is not None:  # the same output on every backend (the listings here use no Keras)
            for backend in BACKENDS:
                Listing(script).recorded_for(backend).write_text(recorded)
                Listing(script).write_provenance(replace(PROVENANCE, backend=backend))
        if toml is not None:
            script.with_suffix(".toml").write_text(toml)
        return script

    def page(self, name: str, body: str, zh_body: str | None = None):
        """An English page and its Chinese twin, which translates it as it is now."""
        docs = self.root / "docs"
        docs.mkdir(exist_ok=True)
        (docs / f"{name}.md").write_text(body)
        (docs / f"{name}.zh.md").write_text(body if zh_body is None else zh_body)
        mark_current(docs / f"{name}.zh.md")

    def run(self, *args: str):
        return self.pytester.runpytest("--markdown-docs", "docs/", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def include(path: str) -> str:
    """The listing directive for ``path`` (``snippets/ch/01-x.py`` or with `` sections=a,b``)."""
    return f"```listing\n{path}\n```\n"
