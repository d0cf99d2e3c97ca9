"""The verified-listing pipeline of the lstmstate site.

Listings are scripts under ``snippets/``; pages include them with pymdownx.snippets; this
package runs each listing once, compares what it printed with its recorded output and
declared tolerances, and checks the pages that include them.
"""
