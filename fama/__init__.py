"""fama: Facilitating Access to Mutual Aid, a keyworker's terminal companion."""

__version__ = "0.1.0"
