"""Starts the action server (rasa_sdk) without TensorFlow.

spaCy's thinc imports TensorFlow whenever it is installed (Rasa installs it), although no action uses it: that alone
makes the action server hold about 1 GB and start seconds slower. Marking the module as absent before anything is
imported makes thinc's optional import fail cleanly, as on a machine without TensorFlow. Arguments are those of
`rasa run actions` / `python -m rasa_sdk` (for example `--actions actions --port 5055`).
"""
import os
import sys

sys.modules["tensorflow"] = None  # type: ignore[assignment]  # import tensorflow -> ImportError
# As with `python -m` and `rasa run actions`: the actions package is found from the working directory.
sys.path.insert(0, os.getcwd())

from rasa_sdk.__main__ import main  # noqa: E402  (must come after the line above)

if __name__ == "__main__":
    main()
