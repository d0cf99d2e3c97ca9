# The listing checker is a pytest plugin of this project (src/listingcheck).
pytest_plugins = ["listingcheck.pytest_plugin"]
