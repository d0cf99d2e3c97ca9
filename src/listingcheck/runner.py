"""`python -m listingcheck.runner '["numpy", "keras", "jax"]'`: run listings for one backend.

Started by ``executor.BackendRunner`` with ``KERAS_BACKEND`` set; reads one JSON request per
line on stdin and answers one JSON result per line on stdout.
"""

import json
import sys

from .executor import serve

if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
