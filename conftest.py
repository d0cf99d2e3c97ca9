# The listing checker is a pytest plugin of this project (src/listingcheck); xdist_groups makes
# pytest-xdist's --dist loadgroup keep each group on one worker under pytest 9.2.
pytest_plugins = ["listingcheck.pytest_plugin", "listingcheck.xdist_groups"]
