"""Allow ``python -m fama``."""

from fama.cli.main import main

raise SystemExit(main())
