"""Reading YAML (``load/yamlsrc`` and ``load/yamlbuild``): values made from the parser's events, with YAML's
own rules for anchors, aliases and merge keys, in little more memory than the values kept."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from briefgen.errors import Diagnostics
from briefgen.load.yamlsrc import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synth import make_dossier  # noqa: E402


def _load(tmp_path: Path, text: str):
    file = tmp_path / "x.yaml"
    file.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    loaded = load_yaml(file, diags)
    return (loaded[0] if loaded else None), [(d.severity, d.message, d.pos.line, d.pos.col) for d in diags.items]


def test_reading_a_sources_file_takes_little_more_memory_than_its_values(tmp_path):
    """PyYAML's node tree (a node and two marks per value, all kept until the last value was made) took five
    times the memory of the values kept: 174 MB for a 4.6 MB file of 20,000 sources, which the process
    could not give back. Counted by tracemalloc, which counts every allocation, not by a clock."""
    file = make_dossier(tmp_path / "d", 10, n_sources=3000) / "sources.yaml"
    diags = Diagnostics()
    tracemalloc.start()
    try:
        loaded = load_yaml(file, diags)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded is not None and len(loaded[0]) == 3000 and not diags.items
    assert peak < 1.5 * kept, (peak, kept)  # the node tree: 5.2 times


def test_a_merge_key_gives_defaults_that_the_keys_written_override(tmp_path):
    """YAML's merge (``<<``): the mapping's own keys win, then the first mapping merged. Not duplicates."""
    data, said = _load(tmp_path, "base: &b {x: 1, y: 2}\nextra: &e {y: 5, z: 6}\n"
                                 "m:\n  <<: [*b, *e]\n  y: 3\n  w: 4\n")
    assert said == []
    assert data["m"] == {"x": 1, "y": 3, "z": 6, "w": 4}
    assert data["base"] == {"x": 1, "y": 2}  # the anchored mapping itself unchanged


def test_a_merge_of_something_not_a_mapping_is_an_error_at_its_line(tmp_path):
    data, said = _load(tmp_path, "list: &l [1, 2]\nm:\n  <<: *l\n")
    assert data is None
    assert said == [("error", "YAML syntax: expected a mapping or list of mappings for merging (<<), but found a "
                              "list holding text (while constructing a mapping)", 3, 7)]
    assert _load(tmp_path, "m: {<<: plain}\n")[1][0][1].endswith("but found text (while constructing a mapping)")


def test_each_use_of_an_alias_is_a_value_of_its_own(tmp_path):
    data, said = _load(tmp_path, "a: &x {k: [1, 2]}\nb: *x\nc: *x\n")
    assert said == [] and data["a"] == data["b"] == data["c"] == {"k": [1, 2]}
    data["b"]["k"].append(3)  # a brief that edits one (normalising a list, say) does not edit the others
    assert data["a"] == data["c"] == {"k": [1, 2]}


@pytest.mark.parametrize("text, said", [
    ("a: *nope\n", ("YAML syntax: found undefined alias 'nope'", 1, 4)),
    ("a: &x 1\nb: &x 2\n", ("YAML syntax: second occurrence (found duplicate anchor; first occurrence)", 2, 4)),
    ("a: 1\n---\nb: 2\n", ("YAML syntax: but found another document (expected a single document in the "
                            "stream)", 2, 1)),
    ("place: &p [Geneva, *p]\n", ("an alias refers to the collection that holds it (a cycle): a value cannot "
                                  "contain itself", 1, 20)),
])
def test_what_pyyaml_composing_a_tree_reported_is_still_reported(tmp_path, text, said):
    data, diags = _load(tmp_path, text)
    assert data is None and diags == [("error", *said)]


def test_a_syntax_error_after_a_bad_value_is_what_is_reported(tmp_path):
    """Values are made as the file is read: a tag nobody can read (line 1) comes before the file's syntax
    error (line 3), which PyYAML, reading the whole tree first, reported. So does this reader, and only it."""
    data, said = _load(tmp_path, "a: !custom 1\nb: {x: 1\nc: [\n")
    assert data is None
    assert len(said) == 1 and said[0][1].startswith("YAML syntax: ") and said[0][2] > 1, said
    assert "constructor" not in said[0][1]


def test_keys_that_are_not_text_are_errors_and_their_values_are_skipped(tmp_path):
    data, said = _load(tmp_path, "[1]: 2\n? {k: v}\n: 3\n~: 4\n&k key: 5\nother: *k\n*k : 6\n")
    assert data == {"key": 5, "other": "key"}
    assert [(s[1], s[2]) for s in said] == [("mapping keys must be plain text", 1), ("mapping keys must be plain "
                                             "text", 2), ("mapping keys must be plain text", 4),
                                            ("duplicate key 'key' (first given on line 5)", 7)]
