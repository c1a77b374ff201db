import xml.etree.ElementTree as ET

from click.testing import CliRunner

from canirequire.cli import main
from canirequire.engine.timeline import timeline
from canirequire.report.plot import render_timeline
from conftest import d, engine_for
from test_engine import store
from test_roadmap import project


def test_timeline_bars_and_segments():
    tl = timeline(engine_for(project(), store(), d("2025-06-01")), d("2023-01-01"), d("2027-01-01"), "rust", "1.77")
    bars = {b.release_id: b for b in tl.bars}
    assert bars["debian-12"].start == d("2023-06-10") and bars["debian-12"].end == d("2026-07-11")
    # x86_64 passes from 2024-08-22 (rustc-web 1.78) while mips64el never does: partial.
    statuses = [(s.start, s.status) for s in bars["debian-12"].segments]
    assert ("fail" in dict(statuses).values()) and statuses[-1][1] == "partial"
    assert bars["debian-13"].satisfiable_from is None or bars["debian-13"].satisfiable_from >= d("2025-08-09")


def test_render_svg_and_png():
    tl = timeline(engine_for(project(), store(), d("2025-06-01")), d("2023-01-01"), d("2027-01-01"), "rust", "1.77")
    svg = render_timeline(tl, "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and b"debian-12" in svg
    png = render_timeline(tl, "png")
    assert png.startswith(b"\x89PNG")


def test_plot_command(tmp_path):
    out = tmp_path / "t.png"
    r = CliRunner().invoke(main, ["plot", "--project", "qemu", "-o", str(out), "--dependency", "glib",
                                  "--minimum", "2.66", "--from", "2024-01-01", "--to", "2027-01-01"])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\x89PNG")
    r = CliRunner().invoke(main, ["plot", "-o", str(tmp_path / "t.gif")])
    assert r.exit_code == 2 and ".svg or .png" in r.output
