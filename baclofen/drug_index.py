"""Exact drug-name lookup over drug-named-entity-recognition's dictionary, without loading that library.

Why: importing drug_named_entity_recognition (its __init__ imports drugs_finder) unpickles the whole dictionary and
builds a character-3-gram index over 107k variants for its fuzzy mode: about 300 MB of RSS in the Rasa server and
again in the action server. We only do exact lookups (typos go through baclofen.language.drug_names), so a
subprocess converts the pickle once into a small file under var/drug_index/ and the serving processes load only
that (variant -> display name and "is a medicine" flag, plus the library's stopword list). The subprocess keeps even
the ~64 MB peak of unpickling out of the servers.

Plain Python: no Rasa import, and drug_named_entity_recognition is never imported (its files are read directly).

Public API
    load(directory=None)       -> DrugIndex, once per process and directory (builds the file first if needed)
    DrugIndex.find(tokens)     -> [(name or None, is_medicine, start, end), ...]  exactly what
                                  find_drugs(tokens, is_ignore_case=True) matches, in the same order
    DrugIndex.variant_names()  -> (variant, name) for every variant with a name (feeds the typo index)
    DrugIndex.medicine_names() -> (variant, name) for each medicine's own name (its generic, lower case)
    DrugIndex.entries(variant) -> the (name, is_medicine) entries of one exact variant, () when unknown
    DrugIndex.stopwords        -> drug_named_entity_recognition.util.stopwords
    ensure(directory=None)     -> path of an up-to-date index file

The file is rebuilt when the package version, the pickle (size + sha256) or util.py changes. Its location is
var/drug_index/ in the repository, or $BACLOFEN_DRUG_INDEX_DIR (baclofen.settings).
Command line: python -m baclofen.drug_index build [--dir DIR]
"""
from __future__ import annotations

import argparse
import ast
import functools
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

PACKAGE = "drug_named_entity_recognition"
DISTRIBUTION = "drug-named-entity-recognition"
PICKLE_NAME = "drug_ner_dictionary.pkl.bz2"
UTIL_NAME = "util.py"
FORMAT = 1  # bump when the file layout changes
BUILD_TIMEOUT_S = 600
PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the build child runs `python -m baclofen.drug_index` from here

# One dictionary match: display name (None when the dictionary has none) and whether it is a medicine.
Entry = Tuple[Optional[str], bool]
# One find() result: name, is_medicine, first token, end token (exclusive).
Match = Tuple[Optional[str], bool, int, int]


# ---------------------------------------------------------------------------------------------- library files


def index_dir(directory: Optional[os.PathLike] = None) -> Path:
    if directory is not None:
        return Path(directory)
    from baclofen import settings  # imported here: the build subprocess runs this file alone

    return settings.current().drug_index_dir


def _library_files() -> Tuple[str, Path, Path]:
    """(version, pickle path, util.py path), found without importing the package (its __init__ loads everything)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{DISTRIBUTION} is not installed (pip install -r requirements.txt)")
    folder = Path(list(spec.submodule_search_locations)[0])
    pickle_path, util_path = folder / PICKLE_NAME, folder / UTIL_NAME
    for path in (pickle_path, util_path):
        if not path.is_file():
            raise RuntimeError(f"{DISTRIBUTION} has no {path.name} in {folder}")
    # The package's __version__ lags behind (2.0.9 says "2.0.8"): ask the installed distribution.
    version = importlib.metadata.version(DISTRIBUTION)
    return version, pickle_path, util_path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(version: str, pickle_path: Path, util_path: Path) -> Dict[str, Any]:
    return {
        "format": FORMAT,
        "version": version,
        "pickle_size": pickle_path.stat().st_size,
        "pickle_sha256": _sha256(pickle_path),
        "util_sha256": _sha256(util_path),
    }


def _index_file(directory: Path, version: str) -> Path:
    return directory / f"drug_index-{version}.json.gz"


# ---------------------------------------------------------------------------------------------- build (subprocess)


def _read_stopwords(util_path: Path) -> List[str]:
    """`stopwords = {...}` from util.py, read as a literal: importing the module would run the package __init__."""
    tree = ast.parse(util_path.read_text(encoding="utf-8"), filename=str(util_path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "stopwords" for t in node.targets):
            words = ast.literal_eval(node.value)
            if isinstance(words, (set, frozenset, list, tuple)) and all(isinstance(w, str) for w in words):
                return sorted(words)
            break
    raise ValueError(f"no `stopwords = {{...}}` set of strings in {util_path}")


def _is_medicine(data: Dict[str, Any]) -> bool:
    # A MeSH class or substance ("sedatives", "buffers") has a MeSH tree but neither a DrugBank nor a MedlinePlus id.
    return not ("mesh_tree" in data and "drugbank_id" not in data and "medline_plus_id" not in data)


def _compact(dictionary: Dict[str, Any]) -> Tuple[List[str], List[str], List[Any]]:
    """(names, variants, codes). codes[i] is one int per canonical of variants[i] (a list when there are several):
    (name index + 1) * 2 + is_medicine, name index + 1 = 0 meaning "no name". The data of a match is computed as
    find_drugs does: dict(drug_canonical_to_data.get(m, {})) | drug_variant_to_variant_data.get(variant, {})."""
    variant_to_canonical = dictionary["drug_variant_to_canonical"]
    canonical_to_data = dictionary["drug_canonical_to_data"]
    variant_to_variant_data = dictionary["drug_variant_to_variant_data"]
    name_ids: Dict[str, int] = {}
    names: List[str] = []
    variants: List[str] = []
    codes: List[Any] = []
    for variant, canonicals in variant_to_canonical.items():
        if not canonicals:
            continue  # find_drugs tests `if match:`: an empty list is no match
        variant_codes = []
        for canonical in canonicals:
            data = dict(canonical_to_data.get(canonical, {})) | variant_to_variant_data.get(variant, {})
            name = data.get("name")
            if name is None:
                name_code = 0
            elif isinstance(name, str):
                if name not in name_ids:
                    name_ids[name] = len(names)
                    names.append(name)
                name_code = name_ids[name] + 1
            else:
                raise ValueError(f"variant {variant!r}: name {name!r} is not a string")
            variant_codes.append(name_code * 2 + int(_is_medicine(data)))
        variants.append(variant)
        codes.append(variant_codes[0] if len(variant_codes) == 1 else variant_codes)
    return names, variants, codes


def build(directory: Optional[os.PathLike] = None) -> Path:
    """Read the package's pickle and write the index file (atomically). Meant to run in its own process."""
    import bz2
    import pickle

    started = time.monotonic()
    directory = index_dir(directory)
    version, pickle_path, util_path = _library_files()
    print(f"building drug-name index from {DISTRIBUTION} {version} ...", end="", file=sys.stderr, flush=True)
    header = _fingerprint(version, pickle_path, util_path)
    with bz2.open(pickle_path, "rb") as handle:
        dictionary = pickle.load(handle)  # the package's own data file, pinned in requirements.txt
    names, variants, codes = _compact(dictionary)
    del dictionary
    body = {"names": names, "variants": variants, "codes": codes, "stopwords": _read_stopwords(util_path)}

    directory.mkdir(parents=True, exist_ok=True)
    target = _index_file(directory, version)
    # The Rasa server and the action server start together and may both build: each writes its own temporary file
    # and renames it over the target, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
            out.write(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
            out.write(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        os.chmod(temporary, 0o644)  # mkstemp creates 0600; servers may run as other users
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    print(f" {len(variants)} variants, {time.monotonic() - started:.1f} s -> {target}", file=sys.stderr, flush=True)
    return target


# ---------------------------------------------------------------------------------------------- ensure + load


def _read_header(path: Path) -> Optional[Dict[str, Any]]:
    """The first line of an index file (its fingerprint), or None when missing or unreadable."""
    try:
        with gzip.open(path, "rb") as handle:
            header = json.loads(handle.readline())
        return header if isinstance(header, dict) else None
    except (OSError, EOFError, ValueError):
        return None


def _run_build(directory: Path) -> None:
    """Build in a child process, so that this (serving) process never holds the unpickled dictionary."""
    if not sys.executable:
        raise RuntimeError("cannot build the drug-name index: sys.executable is unknown")
    command = [sys.executable, "-m", "baclofen.drug_index", "build", "--dir", str(directory)]
    try:
        done = subprocess.run(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=BUILD_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"building the drug-name index failed: {error}") from error
    if done.stderr:
        sys.stderr.write(done.stderr)  # the progress line, or the child's traceback
        sys.stderr.flush()
    if done.returncode != 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"building the drug-name index failed (exit {done.returncode}): {tail[0]}")


def ensure(directory: Optional[os.PathLike] = None, force: bool = False) -> Path:
    """Path of an index file matching the installed package; built in a subprocess when missing or stale."""
    directory = index_dir(directory)
    version, pickle_path, util_path = _library_files()
    expected = _fingerprint(version, pickle_path, util_path)
    path = _index_file(directory, version)
    if force or _read_header(path) != expected:
        _run_build(directory)
        found = _read_header(path)
        if found != expected:
            raise RuntimeError(f"the drug-name index {path} does not match {DISTRIBUTION} {version} after a rebuild "
                               f"(expected {expected}, found {found})")
    return path


class DrugIndex:
    """variant (lower case) -> the (name, is_medicine) entries of its canonicals; names and entries are shared."""

    def __init__(self, variants: Dict[str, Tuple[Entry, ...]], stopwords: frozenset) -> None:
        self._variants = variants
        self.stopwords = stopwords

    @classmethod
    def from_file(cls, path: Path) -> "DrugIndex":
        with gzip.open(path, "rb") as handle:
            handle.readline()  # header, checked by ensure()
            body = json.loads(handle.readline())
        names: List[str] = body["names"]
        entry_for: Dict[int, Entry] = {}  # code -> shared (name, is_medicine)
        entries_for: Dict[Any, Tuple[Entry, ...]] = {}  # code(s) -> shared tuple of entries

        def entry(code: int) -> Entry:
            if code not in entry_for:
                name_code, is_medicine = divmod(code, 2)
                entry_for[code] = (names[name_code - 1] if name_code else None, bool(is_medicine))
            return entry_for[code]

        variants: Dict[str, Tuple[Entry, ...]] = {}
        for variant, code in zip(body["variants"], body["codes"]):
            key = code if isinstance(code, int) else tuple(code)
            shared = entries_for.get(key)
            if shared is None:
                shared = entries_for[key] = (entry(code),) if isinstance(code, int) else tuple(entry(c) for c in code)
            variants[variant] = shared
        if len(variants) != len(body["variants"]):
            raise ValueError(f"{path}: duplicate variants")
        return cls(variants, frozenset(body["stopwords"]))

    def __len__(self) -> int:
        return len(self._variants)

    def find(self, tokens: Sequence[str]) -> List[Match]:
        """The exact matches of find_drugs(tokens, is_ignore_case=True) (drug-named-entity-recognition 2.0.9),
        in its order: first every adjacent token pair, then the single tokens no pair match covered. As in the
        library, a pair is looked up even when its first token belongs to the previous matched pair."""
        matches: List[Match] = []
        excluded = set()
        for i in range(len(tokens) - 1):
            entries = self._variants.get((tokens[i] + " " + tokens[i + 1]).lower())
            if entries:
                matches.extend((name, is_medicine, i, i + 2) for name, is_medicine in entries)
                excluded.update((i, i + 1))
        for i, token in enumerate(tokens):
            if i in excluded:
                continue
            entries = self._variants.get(token.lower())
            if entries:
                matches.extend((name, is_medicine, i, i + 1) for name, is_medicine in entries)
                excluded.add(i)
        return matches

    def variant_names(self) -> Iterator[Tuple[str, str]]:
        """(variant, name of its first canonical) for every variant that has a name."""
        for variant, entries in self._variants.items():
            name = entries[0][0]
            if name:
                yield variant, name


    def medicine_names(self) -> Iterator[Tuple[str, str]]:
        """(variant, name) for every medicine whose own name is a variant: the generic names, without brands and
        other synonyms (the typo index's targets beyond the interaction medicines)."""
        for variant, entries in self._variants.items():
            name, is_medicine = entries[0]
            if name and is_medicine and variant == name.lower():
                yield variant, name

    def entries(self, variant: str) -> Tuple[Entry, ...]:
        """The (name, is_medicine) entries of one variant, looked up exactly (lower case); () when unknown."""
        return self._variants.get(variant.lower(), ())


_LOAD_LOCK = threading.Lock()


@functools.lru_cache(maxsize=None)
def _load(directory: Path) -> DrugIndex:
    path = ensure(directory)
    try:
        return DrugIndex.from_file(path)
    except (OSError, EOFError, ValueError, KeyError, TypeError):  # a damaged file with a valid header: rebuild once
        path = ensure(directory, force=True)
        try:
            return DrugIndex.from_file(path)
        except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
            raise RuntimeError(f"cannot read the drug-name index {path}: {error}") from error


def load(directory: Optional[os.PathLike] = None) -> DrugIndex:
    """The index, loaded once per process (per directory); the lock keeps concurrent first calls to one build."""
    with _LOAD_LOCK:
        return _load(index_dir(directory).resolve())


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m baclofen.drug_index", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--dir", default=None, help="output folder (default: BACLOFEN_DRUG_INDEX_DIR, see baclofen.settings)")
    args = parser.parse_args(argv)
    build(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
