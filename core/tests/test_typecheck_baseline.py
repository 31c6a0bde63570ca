"""scripts/typecheck.py: errors compared by (file, code, message), a baseline that only shrinks."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from django.conf import settings

_spec = importlib.util.spec_from_file_location(
    "typecheck", Path(settings.BASE_DIR) / "scripts" / "typecheck.py"
)
assert _spec is not None and _spec.loader is not None
typecheck = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(typecheck)
Error = typecheck.Error


def test_line_numbers_inside_messages_do_not_make_an_error_new():
    a = typecheck.key_message('Name "x" already defined on line 12')
    b = typecheck.key_message('Name "x" already defined on line 40')
    assert a == b == 'Name "x" already defined on line N'


def test_new_errors_and_fixed_ones_are_told_apart_counting_repeats():
    same = Error("a.py", "union-attr", 'Item "None" has no attribute "x"')
    other = Error("b.py", "arg-type", "Argument 1 has incompatible type")
    baseline = Counter({same: 2, other: 1})
    new, gone = typecheck.compare(Counter({same: 3}), baseline)
    assert new == Counter({same: 1}) and gone == Counter({other: 1})


def test_the_baseline_file_reads_back_what_was_written(tmp_path):
    errors = Counter(
        {
            Error("core/x.py", "attr-defined", 'Module has no attribute "Y"'): 2,
            Error("ledger/z.py", "misc", "Something: with a colon [inside]"): 1,
        }
    )
    path = tmp_path / "baseline.txt"
    typecheck.write_baseline(errors, path)
    assert typecheck.read_baseline(path) == errors
    assert path.read_text().startswith("# mypy errors accepted")
