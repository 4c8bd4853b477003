"""``python -m functiegebouw``: the ``fgr`` command."""
import sys

from functiegebouw.cli.main import main

sys.exit(main())
