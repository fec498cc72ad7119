"""Words on screen and on paper: cutting text to fit. Pure: imports nothing of fama's."""
