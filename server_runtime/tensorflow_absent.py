"""Serve a model that uses no TensorFlow component without loading TensorFlow (about 500 MB of RSS, 2 s of start).

Rasa 3.6 imports TensorFlow from modules every server loads (policy base class -> featurizers -> train_utils ->
tensorflow callbacks; the default component registry imports DIET and TED), although this project's pipeline and
policies never run it. `install()` puts placeholder modules under the TensorFlow package names: module-level code
that only *names* TensorFlow (base classes, type hints, decorators) imports; `arm()` then makes every later use fail
loudly, so a model that does need TensorFlow stops at load with a clear message instead of computing nonsense.

spaCy's thinc probes for TensorFlow on import; `install()` imports it first with TensorFlow marked absent, so thinc
sees a machine without TensorFlow rather than a placeholder.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any, Optional, Set

PACKAGES = ("tensorflow", "tensorflow_addons", "tensorflow_hub", "tensorflow_text", "tensorflow_probability", "keras")
HINT = (
    "this server runs without TensorFlow (server_runtime/tensorflow_absent.py), but the model uses it ({what}); "
    "start it with BACLOFEN_RUNTIME_OFF=tensorflow_absent"
)


class TensorFlowNeeded(RuntimeError):
    pass


_armed = False
imported: Set[str] = set()  # placeholder modules handed out, for the record


class _PlaceholderType(type):
    """A placeholder is a class, so `class X(tf.keras.Model)` works; attributes are placeholders too."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _placeholder(f"{cls.__qualname__}.{name}")

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if not cls.__dict__.get("_is_placeholder"):
            return super().__call__(*args, **kwargs)  # a real subclass defined by Rasa: normal instantiation
        if _armed:
            raise TensorFlowNeeded(HINT.format(what=cls.__qualname__))
        if len(args) == 1 and not kwargs and callable(args[0]):
            return args[0]  # @tf.function, @register_keras_serializable(...)(cls): leave the target unchanged
        return _placeholder(f"{cls.__qualname__}()")

    def __iter__(cls) -> Any:
        return iter(())

    def __bool__(cls) -> bool:
        return False

    def __getitem__(cls, item: Any) -> Any:
        return cls

    def __or__(cls, other: Any) -> Any:
        return cls

    __ror__ = __or__


def _placeholder(qualname: str) -> type:
    name = qualname.rsplit(".", 1)[-1]
    return _PlaceholderType(name, (), {"_is_placeholder": True, "__qualname__": qualname, "__module__": "tensorflow"})


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if _armed:  # an AttributeError, as for any missing attribute: pickle's whichmodule() probes every module
            raise AttributeError(HINT.format(what=f"{self.__name__}.{name}"))
        value = _placeholder(f"{self.__name__}.{name}")
        setattr(self, name, value)
        return value


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name: str, path: Any, target: Optional[types.ModuleType] = None) -> Any:
        if name.split(".")[0] not in PACKAGES:
            return None
        if _armed:
            raise TensorFlowNeeded(HINT.format(what=f"import {name}"))
        imported.add(name)
        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _PlaceholderModule(spec.name)
        module.__version__ = "0+absent"
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """Before anything imports Rasa."""
    for name in PACKAGES:
        if name in sys.modules and sys.modules[name] is not None:
            raise RuntimeError(f"{name} was imported before tensorflow_absent.install()")
        sys.modules[name] = None  # type: ignore[assignment]  # thinc's probe: ImportError, as without TensorFlow
    import thinc.api  # noqa: F401

    for name in PACKAGES:
        del sys.modules[name]
    sys.meta_path.insert(0, _Finder())


def confirm() -> None:
    """The placeholders answer for TensorFlow, and spaCy's thinc saw a machine without it."""
    import thinc.compat

    from server_runtime import RuntimeReplacementError

    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        raise RuntimeReplacementError("tensorflow_absent: the placeholder finder is not installed")
    if getattr(thinc.compat, "has_tensorflow", False):
        raise RuntimeReplacementError("tensorflow_absent: thinc found TensorFlow (it was imported before install())")


def arm() -> None:
    """After every module that names TensorFlow at import time is imported: from now on any use raises."""
    global _armed
    _armed = True
