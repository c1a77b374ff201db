import datetime as dt
import json

import pytest

from canirequire.sources.endoflife import parse_api_v1_product, parse_distro_info_csv, parse_product_markdown
from canirequire.sources.errors import SourceFormatError

PRODUCT = """---
title: Example
releases:
  - releaseCycle: "26"
    codename: "Tahoe"
    releaseDate: 2025-09-15
    eol: false
    latest: "26.6.2"
  - releaseCycle: "10"
    releaseDate: 2019-10-07
    eol: true
  - releaseCycle: "15.6"
    releaseDate: 2024-06-12
    eol: 2026-04-30
    eoes: 2028-12-31
    lts: 2032-05-31
---

> Body text that must be ignored: eol: 1999-01-01
"""


def test_product_markdown_dates_and_booleans():
    cycles = {c.cycle: c for c in parse_product_markdown(PRODUCT, "opensuse", source="t", as_of=None)}
    assert cycles["26"].eol is None and not cycles["26"].eol_passed_undated
    assert cycles["10"].eol is None and cycles["10"].eol_passed_undated
    assert cycles["10"].ended_by(dt.date(2000, 1, 1))
    assert cycles["15.6"].eol == dt.date(2026, 4, 30)
    assert cycles["15.6"].eoes == dt.date(2028, 12, 31)
    assert cycles["15.6"].lts is True  # a date in "lts" means an LTS phase exists
    assert cycles["15.6"].os == "opensuse-leap"


def test_product_markdown_errors():
    with pytest.raises(SourceFormatError, match="front matter"):
        parse_product_markdown("no front matter", "x", source="t", as_of=None)
    with pytest.raises(SourceFormatError, match="releases"):
        parse_product_markdown("---\ntitle: x\n---\n", "x", source="t", as_of=None)
    with pytest.raises(SourceFormatError, match="neither a date"):
        parse_product_markdown("---\nreleases:\n  - releaseCycle: '1'\n    eol: soon\n---\n", "x", source="t",
                               as_of=None)


def test_real_product_files(shared_data):
    for name in ("debian", "ubuntu", "windows", "freebsd", "macos", "netbsd"):
        text = (shared_data / "endoflife" / "products" / f"{name}.md").read_text()
        cycles = parse_product_markdown(text, name, source=name, as_of=None)
        assert cycles
    debian = {c.cycle: c for c in parse_product_markdown(
        (shared_data / "endoflife/products/debian.md").read_text(), "debian", source="d", as_of=None)}
    assert debian["12"].release_date == dt.date(2023, 6, 10)
    assert debian["12"].eol == dt.date(2026, 7, 11)
    assert debian["12"].eoes == dt.date(2028, 6, 30)


API = {
    "schema_version": "1.2.1",
    "generated_at": "2026-11-20T00:00:00+00:00",
    "last_modified": "2026-11-19T10:00:00+00:00",
    "result": {
        "name": "ubuntu",
        "releases": [
            {"name": "24.04", "codename": "Noble Numbat", "label": "24.04 'Noble Numbat' (LTS)",
             "releaseDate": "2024-04-25", "isLts": True, "ltsFrom": None,
             "isEoas": False, "eoasFrom": "2029-05-31", "isEol": False, "eolFrom": "2029-05-31",
             "isEoes": False, "eoesFrom": "2036-05-31", "isMaintained": True,
             "latest": {"name": "24.04.3", "date": "2025-08-07", "link": None}, "custom": None,
             "someFutureField": 1},
            {"name": "23.10", "releaseDate": "2023-10-12", "isLts": False, "isEol": True, "eolFrom": "2024-07-12",
             "isMaintained": False, "latest": None},
            {"name": "4.10", "releaseDate": "2004-10-20", "isLts": False, "isEol": True, "isMaintained": False},
        ],
    },
}


def test_api_v1_uses_from_dates_not_flags():
    cycles = {c.cycle: c for c in parse_api_v1_product(json.dumps(API), "ubuntu", source="api", as_of=None)}
    noble = cycles["24.04"]
    assert noble.lts and noble.eol == dt.date(2029, 5, 31) and noble.eoes == dt.date(2036, 5, 31)
    assert noble.latest == "24.04.3"
    assert noble.as_of == dt.date(2026, 11, 19)
    assert cycles["23.10"].eol == dt.date(2024, 7, 12)
    assert cycles["4.10"].eol is None and cycles["4.10"].eol_passed_undated


def test_api_v1_errors():
    with pytest.raises(SourceFormatError, match="not JSON"):
        parse_api_v1_product(b"{oops", "x", source="a", as_of=None)
    with pytest.raises(SourceFormatError, match="result.releases"):
        parse_api_v1_product({"result": {}}, "x", source="a", as_of=None)


def test_distro_info_csv():
    text = (
        "version,codename,series,created,release,eol,eol-lts,eol-elts\n"
        "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-06-10,2028-06-30,2033-06-30\n"
        "14,Forky,forky,2025-08-09,,,,\n"
    )
    cycles = parse_distro_info_csv(text, "debian", source="distro-info", as_of=None)
    assert len(cycles) == 1 and cycles[0].cycle == "12" and cycles[0].eoes == dt.date(2028, 6, 30)
