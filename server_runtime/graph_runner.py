"""Runs the model's graph in plain topological order instead of through dask.

Rasa's DaskGraphRunner, on every message and every action prediction, rebuilds the minimal schema for the targets,
builds a dask task graph from it and hands it to dask's synchronous scheduler: measured under load on 2 cores that
bookkeeping was about a tenth of the Rasa server's CPU, for graphs of a dozen nodes that always run one after the
other. Here the order for a set of targets is worked out once; each run calls the same GraphNode objects with the
same inputs, in an order dask could also have chosen (dependencies first), and returns the same mapping.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

Step = Tuple[Text, GraphNode, Tuple[Text, ...]]


class SequentialGraphRunner(DaskGraphRunner):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: Dict[Tuple[Text, ...], Tuple[Step, ...]] = {}  # targets -> order; per runner (per model)

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        steps = self._plan(run_targets)
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input names passed "
                    f"to the `run` method are the same as node names in the graph schema."
                )
            results[name] = (name, value)  # what a node receives from a predecessor: (name, output)
        try:
            for name, node, needs in steps:
                results[name] = node(*(results[need] for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)

    def _plan(self, targets: Tuple[Text, ...]) -> Tuple[Step, ...]:
        if targets not in self._plans:
            self._plans[targets] = self._order(targets)
        return self._plans[targets]

    def _order(self, targets: Sequence[Text]) -> Tuple[Step, ...]:
        """Nodes the targets depend on, each after everything it needs (depth-first, as dask orders a chain)."""
        nodes = self._graph_schema.nodes
        ordered: List[Step] = []
        placed = set()

        def place(name: Text, path: Tuple[Text, ...]) -> None:
            if name in placed or name not in nodes:  # not a node: an input placeholder, supplied at run time
                return
            if name in path:
                raise GraphRunError(f"The graph has a cycle through '{name}'.")
            needs = tuple(nodes[name].needs.values())
            for need in needs:
                place(need, path + (name,))
            placed.add(name)
            ordered.append((name, self._instantiated_nodes[name], needs))

        for target in targets:
            place(target, ())
        return tuple(ordered)


def apply() -> None:
    """processor.py loads every model with the runner class it finds under this name at call time."""
    from server_runtime import uses_name_at_call_time

    uses_name_at_call_time(rasa.core.processor.MessageProcessor._load_model, "DaskGraphRunner", "graph_runner")
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if rasa.core.processor.DaskGraphRunner is not SequentialGraphRunner:
        raise RuntimeReplacementError("graph_runner: rasa.core.processor still loads models with dask")
