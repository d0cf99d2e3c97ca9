"""Tutorial helpers: the data sets and the chart helper of the lstmstate site's chapters.

Not part of the state API (:mod:`lstmstate`): these modules exist so that each chapter's
listings share their data and charts instead of repeating them.

- :mod:`lstmstate.tutorial.alphabet`: letters to integers and back, and windows.
- :mod:`lstmstate.tutorial.firstbit`: sequences of zeros labelled by their first step.
- :mod:`lstmstate.tutorial.shakespeare`: a 100 KB slice of tiny Shakespeare, as ids.
- :mod:`lstmstate.tutorial.figures`: the small line charts the listings save.
"""
