"""One academy node for tests/media/test_two_nodes.py: `python -m tests.media.node PORT`,
configured only by ACADEMY_* variables, as a real node is."""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from academy import create_app

if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), create_app(), threaded=True).serve_forever()
