import datetime as dt

import pytest

from canirequire.model import Flag
from canirequire.sources.errors import SourceFormatError
from canirequire.sources.package_csv import chain_rolling_history, normalize_repo, read_package_csv

HEADER = "distro,release,package_upstream,package_name,version,channel,as_of_date,source"


def test_normalizes_spellings():
    assert normalize_repo("netbsd-pkgsrc", "current") == ("pkgsrc", "rolling")
    assert normalize_repo("Alpine-Linux", "3.20") == ("alpine", "3.20")
    assert normalize_repo("debian", "bookworm") == ("debian", "12")
    assert normalize_repo("debian", "sid") == ("debian", "unstable")
    assert normalize_repo("ubuntu", "jammy") == ("ubuntu", "22.04")
    assert normalize_repo("pkgsrc", "2024Q4") == ("pkgsrc", "2024Q4")
    assert normalize_repo("freebsd-ports", "HEAD") == ("freebsd", "rolling")


def test_reads_rows_with_optional_columns():
    text = HEADER + ",arch,valid_from,valid_to\n" \
        "debian,12,rust,rustc-web,1.78.0,alternate,2025-01-01,mine,amd64 arm64,2024-08-22,2025-07-27\n" \
        "debian,12,rust,cargo,0.66.0,main,2025-01-01,mine,,,\n"
    facts = read_package_csv(text, path="f.csv")
    assert facts[0].arches == ("aarch64", "x86_64")
    assert facts[0].valid_from == dt.date(2024, 8, 22) and facts[0].valid_to == dt.date(2025, 7, 27)
    assert facts[1].dependency == "cargo"  # cargo has its own version scale


@pytest.mark.parametrize(
    "body,message",
    [
        ("debian,12,rust,rustc,,main,2025-01-01,x", "f.csv:2: column 'version' is empty"),
        ("debian,12,rust,rustc,latest,main,2025-01-01,x", "f.csv:2: unparsable version 'latest'"),
        ("debian,12,rust,rustc,1.0,sideways,2025-01-01,x", "f.csv:2: unknown channel 'sideways'"),
        ("debian,12,rust,rustc,1.0,main,2025-13-01,x", "f.csv:2: column 'as_of_date' is not a YYYY-MM-DD date"),
    ],
)
def test_bad_rows_name_file_and_line(body, message):
    with pytest.raises(SourceFormatError) as err:
        read_package_csv(HEADER + "\n" + body + "\n", path="f.csv")
    assert message in str(err.value)


def test_missing_column():
    with pytest.raises(SourceFormatError, match=r"f.csv:1: missing column\(s\): channel"):
        read_package_csv("distro,release,package_upstream,package_name,version,as_of_date,source\n", path="f.csv")


def test_rolling_history_chain():
    text = HEADER + "\n" + "\n".join([
        "msys2,rolling,rust,mingw-w64-rust,1.85.0,main,2025-02-21,git",
        "msys2,rolling,rust,mingw-w64-rust,1.86.0,main,2025-04-03,git",
        "msys2,rolling,glib,mingw-w64-glib2,2.84.0,main,2025-05-01,git",
        "homebrew,rolling,rust,rust,1.77.0,main,,undated",
    ]) + "\n"
    facts = chain_rolling_history(read_package_csv(text, path="f.csv"))
    rust = [f for f in facts if f.package == "mingw-w64-rust"]
    assert rust[0].valid_from == dt.date(2025, 2, 21) and rust[0].valid_to == dt.date(2025, 4, 3)
    assert rust[1].valid_to is None and rust[1].as_of == dt.date(2025, 5, 1)  # newest date seen in the tree
    brew = [f for f in facts if f.os == "homebrew"][0]
    assert brew.valid_from is None and brew.quality == (Flag.UNDATED,)


def test_shared_file_imports(shared_data):
    facts = read_package_csv((shared_data / "package-versions.csv").read_text(), path="package-versions.csv")
    assert len(facts) == 475
    assert {f.os for f in facts} >= {"debian", "ubuntu", "msys2", "pkgsrc", "homebrew", "almalinux", "fedora"}
    pkgsrc = [f for f in facts if f.os == "pkgsrc"]
    assert pkgsrc and all(f.release == "rolling" for f in pkgsrc)
