"""The State Monitors' list comes back in whatever their spreadsheet saved it as: read with the
import's reader, an OpenDocument list (LibreOffice's own format) records like the .xlsx one,
and a hostile one is refused the same way."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.errors import InputRefused
from liaison_desk.excel.monitor_list import HEADERS, export_monitor_list, record_monitor_results
from liaison_desk.services import considerations as cons
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import load, run
from tests.conftest import CHICAGO
from tests.database.test_considerations import case, people  # noqa: F401  (the fixture)

_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _cell(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def _ods(path: Path, rows: list[list[str]], extra: str = "") -> Path:
    body = "".join(
        "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{extra}<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="State Monitors">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def test_a_list_saved_as_opendocument_records_its_answers(
    db: Database,
    people: dict[str, ServiceContext],  # noqa: F811
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    ids = [case(db, people["csr"]) for _ in range(2)]
    for iid in ids:
        run(db, cons.vet, people["qc"], iid, None, true_case=True)
    assert run(db, export_monitor_list, people["qc"], tmp_path / "list.xlsx") == 2
    refs = [load(db, i).reference for i in ids]
    processed, why = HEADERS.index("Processed"), HEADERS.index("Reason Not Processed")
    rows = [list(HEADERS)]
    for ref, answer, reason in ((refs[0], "Yes", ""), (refs[1], "No", "Outside the window")):
        row = [""] * len(HEADERS)
        row[0], row[processed], row[why] = ref, answer, reason
        rows.append(row)
    returned = _ods(tmp_path / "list back.ods", rows)
    got = run(db, record_monitor_results, people["monitor"], returned)
    assert (got.processed, got.not_processed, got.problems) == ([refs[0]], [refs[1]], [])
    assert {load(db, i).status for i in ids} == {"resolved", "outreach"}


def test_a_hostile_opendocument_list_is_refused(
    db: Database,
    people: dict[str, ServiceContext],  # noqa: F811
    tmp_path: Path,
) -> None:
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    path = _ods(tmp_path / "list.ods", [list(HEADERS)], extra=laughs)
    with pytest.raises(InputRefused, match="its own XML entities"):
        run(db, record_monitor_results, people["monitor"], path)
