"""The layers hold: the core imports no Rasa and no adapter; neither server imports the other's package."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RASA_SERVER = ("components", "channels", "stores", "server_runtime")
ACTION_SERVER = ("actions", "rasa_sdk_plugins")
FORBIDDEN = {
    "baclofen": ("rasa", "rasa_sdk", "sanic", "insights") + RASA_SERVER + ACTION_SERVER,
    # the report reads the store (through stores.endpoints) and the core; it runs in neither server
    "insights": ("rasa_sdk", "sanic", "components", "channels", "server_runtime") + ACTION_SERVER,
    **{package: ACTION_SERVER + ("rasa_sdk",) for package in RASA_SERVER},
    **{package: RASA_SERVER + ("rasa",) for package in ACTION_SERVER},
}


def imported_top_levels(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package):
    wrong = {(str(path.relative_to(ROOT)), name)
             for path in (ROOT / package).rglob("*.py") for name in imported_top_levels(path)
             if name in FORBIDDEN[package]}
    assert not wrong, sorted(wrong)
