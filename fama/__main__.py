"""Allow ``python -m fama``."""

from fama.cli import main

raise SystemExit(main())
