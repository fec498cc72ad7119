"""fama: Facilitating Access to Mutual Aid, a keyworker's terminal companion."""

import os

__version__ = "0.1.0"

# fama uses no pydantic plugins; without this, pydantic scans every installed package's
# metadata for them the first time a model is built, which slows every start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
