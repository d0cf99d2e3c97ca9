import pytest

pytest_plugins = ["pytester"]


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
        if recorded is not None:
            script.with_suffix(".out").write_text(recorded)
        if toml is not None:
            script.with_suffix(".toml").write_text(toml)
        return script

    def page(self, name: str, body: str, zh_body: str | None = None):
        docs = self.root / "docs"
        docs.mkdir(exist_ok=True)
        (docs / f"{name}.md").write_text(body)
        (docs / f"{name}.zh.md").write_text(body if zh_body is None else zh_body)

    def run(self, *args: str):
        return self.pytester.runpytest("--markdown-docs", "docs/", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)


def include(path: str) -> str:
    return f'```python\n--8<-- "{path}"\n```\n'
