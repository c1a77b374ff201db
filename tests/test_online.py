"""Live checks against the real services. Opt in with `pytest -m online`; CI never runs them."""

import datetime as dt

import pytest

from canirequire.sources import repology
from canirequire.sources.http import PoliteClient

pytestmark = pytest.mark.online


def test_repology_files_rustc_web_under_rust(tmp_path, monkeypatch):
    monkeypatch.delenv("CANIREQUIRE_OFFLINE", raising=False)
    client = PoliteClient(tmp_path, offline=False)
    resp = client.get("https://repology.org/api/v1/project/rust", max_age=dt.timedelta(0))
    packages = repology.parse_project(resp.body, project="rust")
    names = {n for p in packages if p.repo == "debian_12" for n in p.names}
    assert "rustc-web" in names
