"""Fuzzing the CSV and XLSX readers: whatever bytes arrive, the answer is a table of text or one
InvalidInput naming the file, never another exception. 2,000 inputs in the suite (the same ones
each run; 10,000 took half a minute of processor time); `make fuzz` runs 200,000
(EPISURV_FUZZ=long)."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from episurv.errors import InvalidInput
from episurv.safe_reading import Limits, read_table_safely

LONG = os.environ.get("EPISURV_FUZZ") == "long"
CSV_EXAMPLES, XLSX_EXAMPLES = (140_000, 60_000) if LONG else (1_400, 600)
FUZZ = dict(deadline=None, database=None, derandomize=not LONG,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = Limits(file_bytes=1 << 16, xlsx_unpacked_bytes=1 << 20, rows=200, columns=40,
               cells=5_000)
WORKDIR = Path(tempfile.mkdtemp(prefix="episurv-fuzz-"))


def outcome(name: str, content: bytes) -> None:
    path = WORKDIR / name
    path.write_bytes(content)
    try:
        table = read_table_safely(path, SMALL)
    except InvalidInput as exc:
        assert str(exc).startswith(f"{name}: ")
        assert "\n" not in str(exc) and "Traceback" not in str(exc)
        return
    assert table.frame.height >= 1 and table.frame.width >= 1
    assert all(dtype == pl.Utf8 for dtype in table.frame.dtypes)


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=0, max_size=6)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252", "latin-1"])


@st.composite
def csv_bytes(draw) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.binary(max_size=300))
    rows = draw(ROWS)
    text = "\n".join(",".join(r) for r in rows) + draw(st.sampled_from(["", "\n", "\r\n"]))
    return text.encode(draw(ENCODINGS), errors="replace")


@settings(max_examples=CSV_EXAMPLES, **FUZZ)
@given(csv_bytes())
def test_csv_reader_never_crashes(content):
    outcome("fuzz.csv", content)


def _seed_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["case_id", "report_date", "province", "name"])
    sheet.append(["BN1", "2021-11-10", "Hà Nội", "Nguyễn Văn Ánh"])
    sheet.append([2, 3.5, None, "=1+2"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SEED = _seed_workbook()


@st.composite
def xlsx_bytes(draw) -> bytes:
    kind = draw(st.integers(0, 2))
    if kind == 0:  # a real workbook with bytes changed or cut
        data = bytearray(SEED)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data[: draw(st.integers(1, len(data)))])
    if kind == 1:  # a zip holding a workbook's names with arbitrary contents
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in draw(st.lists(st.sampled_from(
                    ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml",
                     "xl/sharedStrings.xml", "xl/_rels/workbook.xml.rels"]), unique=True)):
                archive.writestr(name, draw(st.binary(max_size=200)))
        return out.getvalue()
    return draw(st.binary(max_size=300))


@settings(max_examples=XLSX_EXAMPLES, **FUZZ)
@given(xlsx_bytes())
def test_xlsx_reader_never_crashes(content):
    outcome("fuzz.xlsx", content)
