"""``python -m kg`` runs the CLI."""

from __future__ import annotations

import sys

from kg.cli import main

sys.exit(main())
