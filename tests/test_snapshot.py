import datetime as dt

from canirequire.app.snapshot import build_from_shared
from canirequire.model import Channel, FactSet, Origin, PackageFact
from canirequire.store.snapshot import (
    KINDS, SnapshotError, dump_rows, embedded_snapshot_dir, load_rows, read_snapshot, write_snapshot,
)


def test_roundtrip_keeps_unknown_vs_none(tmp_path):
    facts = (
        PackageFact("debian", "12", "rust", "rustc-web", "1.78.0", Channel.ALTERNATE, "src", as_of=dt.date(2025, 1, 1),
                    arches=(), valid_from=dt.date(2024, 8, 22)),
        PackageFact("debian", "12", "rust", "rustc", "1.63.0", Channel.MAIN, "src", arches=None),
    )
    write_snapshot(FactSet(packages=facts), tmp_path)
    back = read_snapshot(tmp_path, Origin.EMBEDDED).packages
    by = {f.package: f for f in back}
    assert by["rustc-web"].arches == () and by["rustc"].arches is None
    assert by["rustc-web"].valid_from == dt.date(2024, 8, 22)
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_bad_snapshot_row():
    text = dump_rows([PackageFact("d", "1", "x", "p", "1", Channel.MAIN, "s", as_of=dt.date(2025, 1, 1))], "packages")
    text = text.replace("2025-01-01", "2025-99-01")
    try:
        load_rows(text, "packages", path="packages.csv")
    except SnapshotError as exc:
        assert "packages.csv:2" in str(exc)
    else:
        raise AssertionError("expected SnapshotError")


def test_embedded_snapshot_is_current(shared_data, tmp_path):
    """The committed snapshot is exactly what the importer makes of the raw files."""
    write_snapshot(build_from_shared(shared_data), tmp_path)
    for name, _, _ in KINDS.values():
        assert (tmp_path / name).read_text() == (embedded_snapshot_dir() / name).read_text(), (
            f"{name} is stale: run `canirequire snapshot build --from ../shared/data`"
        )


def _fact(dep: str, version: str, source: str = "s") -> PackageFact:
    return PackageFact("debian", "12", dep, dep, version, Channel.MAIN, source, as_of=dt.date(2025, 1, 1))


def test_packages_are_decoded_per_dependency_and_match_an_eager_read(tmp_path):
    """Lazy reading changes cost, never content: same facts, same order, one object per row."""
    from canirequire.store.snapshot import LazyPackages

    facts = (_fact("rust", "1.77"), _fact("glib", "2.74", 'a "quoted", comma source'), _fact("rust", "1.85"),
             _fact("meson", "1.0"))
    write_snapshot(FactSet(packages=facts), tmp_path)
    text = (tmp_path / "packages.csv").read_text()
    eager = load_rows(text, "packages", path="p", origin=Origin.EMBEDDED)
    lazy = read_snapshot(tmp_path, Origin.EMBEDDED).packages
    assert isinstance(lazy, LazyPackages)
    assert sorted(lazy.dependencies()) == ["glib", "meson", "rust"]
    assert [f.version for f in lazy.for_dependency("rust")] == ["1.77", "1.85"]
    assert lazy._all is None and "glib" not in lazy._decoded  # nothing else decoded yet
    rust = lazy.for_dependency("rust")
    assert list(lazy) == eager
    assert rust[0] is next(f for f in lazy if f.version == "1.77") is lazy.for_dependency("rust")[0]


def test_a_damaged_row_fails_when_its_dependency_is_read_with_file_and_line(tmp_path):
    write_snapshot(FactSet(packages=(_fact("rust", "1.77"), _fact("zlib", "1.3"))), tmp_path)
    path = tmp_path / "packages.csv"
    lines = path.read_text().splitlines()
    bad = next(n for n, line in enumerate(lines) if ",zlib," in line)
    lines[bad] = lines[bad].replace("2025-01-01", "2025-13-01")
    path.write_text("\n".join(lines) + "\n")
    packages = read_snapshot(tmp_path, Origin.EMBEDDED).packages
    assert packages.for_dependency("rust")
    try:
        packages.for_dependency("zlib")
    except SnapshotError as exc:
        assert f"packages.csv:{bad + 1}" in str(exc)
    else:
        raise AssertionError("expected SnapshotError")


def test_a_cell_spanning_lines_is_read_at_once(tmp_path):
    write_snapshot(FactSet(packages=(_fact("rust", "1.77", "line one\nline two"),)), tmp_path)
    packages = read_snapshot(tmp_path, Origin.EMBEDDED).packages
    assert isinstance(packages, tuple) and packages[0].source == "line one\nline two"


def test_cli_names_a_damaged_stored_file_without_a_traceback(tmp_path, monkeypatch):
    """A damaged row met mid-question is one clear line and exit 2 (refreshed data is read lazily)."""
    from click.testing import CliRunner

    from canirequire.cli import main
    from canirequire.store.refreshed import RefreshedData

    store = RefreshedData(tmp_path / "refreshed")
    facts = FactSet(packages=(PackageFact("debian", "12", "rust", "rustc", "1.99", Channel.MAIN, "s",
                                          as_of=dt.date(2025, 1, 1)),))
    store.commit("test", facts)
    monkeypatch.setenv("CANIREQUIRE_DATA_DIR", str(tmp_path))
    written = list((tmp_path / "refreshed").rglob("packages.csv"))
    text = written[0].read_text().replace("2025-01-01", "2025-13-01")
    written[0].write_text(text)
    result = CliRunner().invoke(main, ["check", "rust", "1.77", "--project", "qemu", "--on", "2025-05-06"])
    assert result.exit_code == 2, result.output
    assert "packages.csv:2" in result.output and "damaged" in result.output and "Traceback" not in result.output
