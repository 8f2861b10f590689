"""The medicine core: everything the assistant knows and decides, in plain Python (no Rasa import).

`__all__` names what the rest (actions/, channels/, components/, insights/, stores/, scripts/, bench/) may import;
tests/core/test_layout.py keeps it equal to what they do import. The drug-name index is built by
`python -m baclofen.drug_index build` (a build step, used inside the core by language/drug_names.py).
"""
__all__ = ["answers", "channel_table", "dosing", "interactions", "knowledge", "language", "prose", "quantities",
           "render", "settings", "wording"]
