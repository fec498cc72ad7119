"""The packaged handouts (Markdown with TOML front matter), shipped as ``fama_handouts``."""
