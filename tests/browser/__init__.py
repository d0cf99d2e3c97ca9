"""Helpers of the browser tests (tests/test_browser*.py): build the site, serve it, read it back."""
