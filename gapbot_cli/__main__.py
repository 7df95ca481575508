"""`python -m gapbot_cli`: the same as the `gapbot` command."""

import sys

from gapbot_cli import main

sys.exit(main())
