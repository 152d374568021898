"""Shared fixtures: tiny input files written by the tests themselves."""

from __future__ import annotations

import io
import zipfile

import pytest

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


@pytest.fixture
def write(tmp_path):
    """``write("a.csv", "text" or b"bytes", encoding="utf-8")`` -> the path of a new file in tmp_path."""
    def _write(name: str, content: str | bytes, encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path
    return _write


def _sheet_xml(rows: str, dimension: str | None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}">{dim}<sheetData>{rows}' \
           "</sheetData></worksheet>"


def build_xlsx(rows: str = "", *, dimension: str | None = None, sheet_xml: str | None = None,
               shared_strings: str | None = None, state: str | None = None) -> bytes:
    """A minimal workbook assembled part by part (so a test can put anything in the sheet's XML).

    ``rows`` is the ``<row>`` elements of ``sheet1``; ``sheet_xml`` replaces the whole part.
    """
    shared = shared_strings is not None
    types = (f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
             + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
                if shared else "") + "</Types>")
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}"><Relationship '
                 f'Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    state_attr = f' state="{state}"' if state else ""
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
                f'<sheets><sheet name="Sheet1" sheetId="1"{state_attr} r:id="rId1"/></sheets></workbook>')
    book_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}"><Relationship '
                 f'Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
                 + (f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
                    if shared else "") + "</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml or _sheet_xml(rows, dimension))
        if shared:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


@pytest.fixture
def make_xlsx():
    """The :func:`build_xlsx` builder, for tests that hand-craft workbook parts."""
    return build_xlsx


@pytest.fixture
def issue_codes():
    """``issue_codes(report)`` -> the codes of the flattened issue table, in order."""
    return lambda report: report.to_frame()["code"].tolist()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A store holding the dashboard demo ("Demo District": two schools, 120 staff), one per test module."""
    from dashboard.demo import load_demo
    from plnetwork.store import Store

    store = Store(data_dir=tmp_path_factory.mktemp("store"))
    load_demo(store, district="Demo District", staff=120, schools=2, seed=3)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """A fresh store on a real SQLite file, and the same on a throwaway PostgreSQL; closed afterwards."""
    from plnetwork.store.testing import open_test_store

    store = open_test_store(request.param, tmp_path / "data")
    yield store
    store.close()
