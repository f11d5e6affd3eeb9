"""The import encodes each distinct entry ``data`` once; what it stores must still be exactly
what ``json.dumps`` makes of that entry's own dict (the history's hash covers the text)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison_desk.excel.bulk_insert import JsonTexts

_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5]),
    st.text(max_size=3), st.lists(st.integers(0, 2), max_size=2),
)  # fmt: skip
_DATA = st.dictionaries(st.sampled_from(["a", "b", "mco_id"]), _VALUES, max_size=3)


@settings(deadline=None)  # the first example pays for importing the writer
@given(st.lists(_DATA, min_size=1, max_size=12))
def test_each_entry_gets_its_own_dicts_json(datas: list[dict[str, Any]]) -> None:
    texts = JsonTexts()
    for data in datas:
        assert texts(data) == json.dumps(data)


def test_true_one_and_one_point_oh_stay_apart() -> None:
    texts = JsonTexts()
    assert [texts({"attempt": v}) for v in (1, True, 1.0, 1)] == [
        '{"attempt": 1}', '{"attempt": true}', '{"attempt": 1.0}', '{"attempt": 1}',
    ]  # fmt: skip
