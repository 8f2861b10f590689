"""drug_index: the same exact matches as drug-named-entity-recognition's find_drugs, without the library's memory.

The library is imported here (to compare against); only the serving processes must not import it.
"""
import gzip
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from baclofen import drug_index

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library():
    import drug_named_entity_recognition.drugs_finder as finder

    return finder


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return drug_index.load(tmp_path_factory.mktemp("drug_index"))


def _library_find(library, tokens):
    """find_drugs(tokens, is_ignore_case=True) as (name, is_medicine, start, end), is_medicine as the language rules did."""
    out = []
    for data, start, end in library.find_drugs(list(tokens), is_ignore_case=True):
        is_medicine = not ("mesh_tree" in data and "drugbank_id" not in data and "medline_plus_id" not in data)
        out.append((data.get("name"), is_medicine, start, end))
    return out


def test_every_variant_matches_like_the_library(library, index):
    variants = list(library.drug_variant_to_canonical)
    assert len(index) == len(variants) > 100_000
    for variant in variants:
        for tokens in (variant.split(), variant.title().split(), variant.upper().split()):
            assert index.find(tokens) == _library_find(library, tokens), tokens


@pytest.mark.parametrize("sentence", [
    "I take Advil and Valium",
    "tylenol pm",
    "Tylenol PM at night",
    "sodium chloride",
    "SODIUM Chloride drip",
    "acyclovir sodium bicarbonate",  # two overlapping pair matches: "acyclovir sodium" and "sodium bicarbonate"
    "Can I take baclofen with OxyContin , Elavil or Neurontin ?",
    "sedatives and buffers",
    "",
    "advil",
])
def test_sentences_match_like_the_library(library, index, sentence):
    tokens = sentence.split()
    assert index.find(tokens) == _library_find(library, tokens)


def test_random_sentences_match_like_the_library(library, index):
    rng = random.Random(20240611)
    variants = sorted(library.drug_variant_to_canonical)
    words = "I take and with or the a of my mum pm sodium acid hydrochloride tablets 10 mg ,".split()
    for _ in range(3000):
        tokens = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                tokens.extend(rng.choice(variants).split())
            else:
                tokens.append(rng.choice(words))
        tokens = [t.upper() if rng.random() < 0.1 else t for t in tokens]
        assert index.find(tokens) == _library_find(library, tokens), tokens


def test_variant_names_and_stopwords_are_the_libraries(library, index):
    from drug_named_entity_recognition.util import stopwords

    # the typo index used the first canonical's own data
    expected = [
        (variant, library.drug_canonical_to_data.get(canonicals[0], {}).get("name"))
        for variant, canonicals in library.drug_variant_to_canonical.items()
    ]
    assert list(index.variant_names()) == [(variant, name) for variant, name in expected if name]
    assert index.stopwords == frozenset(stopwords)


def test_medicine_names_are_generics_and_entries_exact(index):
    generics = dict(index.medicine_names())
    assert generics["sertraline"] == "Sertraline" and generics["lithium"] == "Lithium"
    assert "zoloft" not in generics and "advil" not in generics  # brands are not a medicine's own name
    assert "sedatives" not in generics  # a MeSH class, not a medicine
    assert index.entries("Paracetamol") == (("Acetaminophen", True),)
    assert index.entries("no such medicine") == ()


def test_serving_processes_do_not_load_the_library(tmp_path):
    """A fresh process as the servers use the logic layer: no drugs_finder, and a small peak RSS.

    tensorflow is blocked in the child because spaCy's thinc imports it when installed (about 340 MB on its own),
    which would hide the drug dictionary's share. Measured: 446 MB with the library, 129 MB with drug_index.
    The child is started through a small intermediate process: Linux carries a process's peak RSS across exec, so a
    child forked straight from this (large) pytest process would report pytest's size as its own peak.
    """
    code = textwrap.dedent("""
        import resource, sys
        sys.modules["tensorflow"] = None
        from baclofen import interactions
        from baclofen.language import entities
        found = entities.extract("Can I take Advil with it?")
        assert [(e["entity"], e["value"]) for e in found] == [("drug", "ibuprofen")], found
        assert interactions.resolve_generic("Elavil") == "amitriptyline"
        assert "drug_named_entity_recognition.drugs_finder" not in sys.modules
        assert not [m for m in sys.modules if m.startswith("drug_named_entity_recognition")]
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", BACLOFEN_DRUG_INDEX_DIR=str(tmp_path))
    hop = "import subprocess, sys; sys.exit(subprocess.run([sys.executable, '-c', sys.argv[1]]).returncode)"
    done = subprocess.run([sys.executable, "-c", hop, code], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "building drug-name index from drug-named-entity-recognition" in done.stderr  # built in tmp_path
    peak_mb = int(done.stdout.split()[-1])
    print(f"peak RSS {peak_mb} MB")
    assert peak_mb < 250


def _header(path):
    with gzip.open(path, "rb") as handle:
        return json.loads(handle.readline())


def test_missing_file_is_built_in_a_subprocess(tmp_path, capfd):
    path = drug_index.ensure(tmp_path)
    assert path.parent == tmp_path and path.name.startswith("drug_index-") and path.name.endswith(".json.gz")
    err = capfd.readouterr().err
    assert "building drug-name index from drug-named-entity-recognition" in err and "variants" in err
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    # an up-to-date file is not rebuilt
    assert drug_index.ensure(tmp_path) == path
    assert "building" not in capfd.readouterr().err


def test_stale_fingerprint_triggers_a_rebuild(tmp_path, capfd):
    path = drug_index.ensure(tmp_path)
    good = _header(path)
    stale = dict(good, pickle_sha256="0" * 64)
    with gzip.open(path, "wb") as handle:
        handle.write(json.dumps(stale).encode() + b"\n")
        handle.write(b'{"names": [], "variants": [], "codes": [], "stopwords": []}\n')
    capfd.readouterr()
    assert drug_index.ensure(tmp_path) == path
    assert "building drug-name index" in capfd.readouterr().err
    assert _header(path) == good
    assert drug_index.DrugIndex.from_file(path).find(["Advil"]) == [("Ibuprofen", True, 0, 1)]


def test_the_setting_chooses_the_folder(tmp_path, monkeypatch, configure):
    configure(BACLOFEN_DRUG_INDEX_DIR=str(tmp_path))
    assert drug_index.index_dir() == tmp_path
    monkeypatch.delenv("BACLOFEN_DRUG_INDEX_DIR")
    configure()
    assert drug_index.index_dir() == REPO_ROOT / "var" / "drug_index"


def test_a_failed_build_says_why(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setattr(drug_index, "PROJECT_ROOT", tmp_path)  # the child cannot import baclofen.drug_index there
    with pytest.raises(RuntimeError, match="building the drug-name index failed .*No module named 'baclofen'"):
        drug_index.ensure(tmp_path / "index")
