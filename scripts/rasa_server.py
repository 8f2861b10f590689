"""Starts the Rasa server (`rasa run ...`, same arguments) on the lean runtime of server_runtime/.

- without TensorFlow (server_runtime/tensorflow_absent.py): the model uses no TensorFlow component; a model that
  does stops at load with a message naming BACLOFEN_TENSORFLOW=1, which restores stock behaviour;
- the graph run in a fixed order instead of through dask (server_runtime/graph_runner.py);
- custom-action calls on a kept-alive session, the response schema checked once (server_runtime/action_calls.py);
- stored events matched to their class from a table (server_runtime/event_types.py).
The tracker store (stores/guarded.py) and the intent classifier (components/intent_classifier.py) have their own
lean paths, used wherever the model or endpoints name them.

Usage: `python scripts/rasa_server.py run ...` from the repository root.
"""
import os
import sys

sys.path.insert(0, os.getcwd())  # as `rasa` does: the project's packages are found from the working directory

WITHOUT_TENSORFLOW = os.environ.get("BACLOFEN_TENSORFLOW", "0") != "1"
if WITHOUT_TENSORFLOW:
    from server_runtime import tensorflow_absent

    tensorflow_absent.install()  # before anything imports Rasa

import rasa.core.processor  # noqa: E402

from server_runtime import action_calls, event_types  # noqa: E402
from server_runtime.graph_runner import SequentialGraphRunner  # noqa: E402

action_calls.apply()
event_types.apply()
rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # the name processor.py loads models with

if __name__ == "__main__":
    from rasa.__main__ import main

    if WITHOUT_TENSORFLOW:
        # Everything the server imports later, imported now, while TensorFlow may still be named; after arm() any
        # use of it (a model with DIET or TED, say) fails at load with a clear message.
        import rasa.core.agent  # noqa: F401
        import rasa.core.run  # noqa: F401
        import rasa.engine.recipes.default_components  # noqa: F401
        import rasa.server  # noqa: F401
        import skops.io  # noqa: F401  (the logistic regression's loader imports it on first load)

        tensorflow_absent.arm()
    sys.argv[0] = "rasa"
    main()
