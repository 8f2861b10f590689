"""The layers hold: the core imports no Rasa and no adapter; neither server imports the other's package; the phone
line's decisions (channels/voice/) stay plain Python, testable without Rasa or Twilio."""
import ast
import importlib
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
# channels/voice/ decides the call; channels/twilio_voice.py is its only Rasa- and Twilio-facing adapter.
PLAIN_PYTHON = {"channels/voice": ("rasa", "rasa_sdk", "sanic", "twilio", "insights") + RASA_SERVER + ACTION_SERVER}
ALLOWED_WITHIN = {"channels/voice": ("channels.voice",)}


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def imported_top_levels(path: Path):
    return (module.split(".")[0] for module in imported_modules(path))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package):
    wrong = {(str(path.relative_to(ROOT)), name)
             for path in (ROOT / package).rglob("*.py") for name in imported_top_levels(path)
             if name in FORBIDDEN[package]}
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("folder", sorted(PLAIN_PYTHON))
def test_plain_python_units_import_no_framework(folder):
    allowed = ALLOWED_WITHIN[folder]
    wrong = {(str(path.relative_to(ROOT)), module)
             for path in (ROOT / folder).rglob("*.py") for module in imported_modules(path)
             if module.split(".")[0] in PLAIN_PYTHON[folder]
             and not any(module == own or module.startswith(own + ".") for own in allowed)}
    assert not wrong, sorted(wrong)


def test_the_phone_line_lives_under_its_channel():
    assert not (ROOT / "baclofen" / "hotline").exists()
    assert {path.name for path in (ROOT / "channels" / "voice").glob("*.py")} >= {"call.py", "keypad.py", "parts.py"}


def test_the_core_tests_mirror_the_core_packages():
    """A module's tests are found by its path: baclofen/<package>/ is tested in tests/core/<package>/."""
    packages = {path.parent.name for path in (ROOT / "baclofen").glob("*/__init__.py")}
    folders = {path.parent.name for path in (ROOT / "tests" / "core").glob("*/__init__.py")}
    assert packages == folders


MAX_FUNCTION_LINES = 60


def long_functions(root: Path, limit: int = MAX_FUNCTION_LINES):
    """(path:line name, lines) of every function or method under `root` longer than `limit` lines, nested ones too."""
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    yield f"{path.relative_to(root)}:{node.lineno} {node.name}", lines


def test_no_core_function_is_over_sixty_lines():
    # a function a newcomer can read at once: longer ones are split by what each part reads
    assert dict(long_functions(ROOT / "baclofen")) == {}


def test_the_length_check_finds_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    assert [name for name, _ in long_functions(tmp_path)] == ["long.py:1 long"]


ADAPTERS_AND_TOOLS = ("actions", "channels", "components", "stores", "server_runtime", "insights", "rasa_sdk_plugins",
                      "scripts", "bench")
CORE_PACKAGES = ["baclofen"] + sorted(f"baclofen.{path.parent.name}"
                                      for path in (ROOT / "baclofen").glob("*/__init__.py"))


def used_from_outside(package: str):
    """The modules of `package` that code outside it imports (tests aside): what the rest uses."""
    folder = ROOT.joinpath(*package.split("."))
    depth = package.count(".") + 1
    sources = [path for top in ADAPTERS_AND_TOOLS + ("baclofen",) for path in (ROOT / top).rglob("*.py")
               if folder not in path.parents]
    used = set()
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                parts = node.module.split(".")
                if parts[:depth] == package.split("."):
                    used |= {parts[depth]} if len(parts) > depth else {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[:depth] == package.split(".") and len(parts) > depth:
                        used.add(parts[depth])
    return used


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_each_core_package_names_what_the_rest_may_use(package):
    """__all__ in the package's __init__ is exactly what the rest imports of it, and each name is a module of it."""
    public = importlib.import_module(package).__all__
    folder = ROOT.joinpath(*package.split("."))
    assert sorted(public) == list(public), "keep __all__ sorted"
    assert [name for name in public
            if not ((folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists())] == []
    assert used_from_outside(package) == set(public)


# Issue 22: the voice channel does no store reads or writes of its own; only the assistant's turns, which Rasa runs,
# touch the conversation. What reaching a store would take: the agent or a store object, or one of their methods.
VOICE_CHANNEL = ("channels/twilio_voice.py", "channels/voice")
STORE_NAMES = {"agent", "tracker_store", "lock_store", "retrieve", "retrieve_full_tracker", "get_or_create_tracker",
               "save", "lock", "fetch_tracker_and_update_session", "get_tracker", "stream_events"}
STORE_MODULES = ("rasa.core.tracker_store", "rasa.core.lock_store", "rasa.core.agent", "stores.guarded",
                 "stores.turns", "stores.calls", "stores.queued_lock", "stores.redis_lock", "stores.endpoints")


def store_uses(root: Path, targets):
    """(file:line, name) of every attribute or import under `root` that could reach a tracker or lock store."""
    paths = [p for target in targets for p in ([root / target] if target.endswith(".py")
                                              else sorted((root / target).rglob("*.py")))]
    for path in paths:
        where = lambda node: f"{path.relative_to(root)}:{node.lineno}"  # noqa: E731
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in STORE_NAMES:
                yield where(node), node.attr
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(STORE_MODULES):
                yield where(node), node.module
            elif isinstance(node, ast.Import):
                yield from ((where(node), a.name) for a in node.names if a.name.startswith(STORE_MODULES))


def test_the_voice_channel_reaches_no_store():
    assert list(store_uses(ROOT, VOICE_CHANNEL)) == []


def test_the_store_check_finds_a_read_and_a_write(tmp_path):
    (tmp_path / "channel.py").write_text(
        "from rasa.core.tracker_store import TrackerStore\n"
        "async def state(request, sid):\n"
        "    tracker = await request.app.ctx.agent.tracker_store.retrieve(sid)\n"
        "    async with request.app.ctx.agent.lock_store.lock(sid):\n"
        "        await request.app.ctx.agent.tracker_store.save(tracker)\n")
    names = {name for _, name in store_uses(tmp_path, ["channel.py"])}
    assert names == {"rasa.core.tracker_store", "agent", "tracker_store", "retrieve", "lock_store", "lock", "save"}
