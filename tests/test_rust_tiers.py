import pytest

from canirequire.store.catalog import load_catalog
from canirequire.app.session import load_project
from canirequire.sources.errors import SourceFormatError
from canirequire.sources.rust_tiers import parse_platform_support, parse_target_page_overrides

SNIPPET = """
## Tier 1 with Host Tools

target | notes
-------|-------
`x86_64-unknown-linux-gnu` | 64-bit Linux (kernel 3.2+, glibc 2.17+)
[`x86_64-pc-windows-msvc`](platform-support/windows-msvc.md) | 64-bit MSVC [^win]

[^win]: Windows footnote.

## Tier 2

target | std | notes
-------|:---:|-------
`mips64el-unknown-linux-gnuabi64` | ✓ | MIPS64 (LE) Linux
`sparc64-unknown-linux-gnu` | ✓ |SPARC Linux

## Tier 3

target | std | host | notes
-------|:---:|:----:|-------
[`aarch64-unknown-freebsd`](platform-support/freebsd.md)| ✓ | ✓ | ARM64 FreeBSD
`x86_64-pc-windows-msvc` | ✓ |  | Windows XP support
`thumbv8m.main-none-eabi` | * |
"""


def test_snippet_formats():
    tiers = {t.target: t for t in parse_platform_support(SNIPPET, source="s")}
    assert tiers["x86_64-unknown-linux-gnu"].tier == 1
    # Duplicates keep the best tier; footnotes are carried into the notes.
    assert tiers["x86_64-pc-windows-msvc"].tier == 1 and "Windows footnote" in tiers["x86_64-pc-windows-msvc"].notes
    # The 2022 page's plain "Tier 2" section is tier 2 without host tools.
    assert tiers["mips64el-unknown-linux-gnuabi64"].tier == 2 and not tiers["mips64el-unknown-linux-gnuabi64"].host_tools
    assert tiers["aarch64-unknown-freebsd"].tier == 3 and tiers["aarch64-unknown-freebsd"].host_tools
    assert tiers["thumbv8m.main-none-eabi"].std == "*"


def test_no_tables():
    with pytest.raises(SourceFormatError):
        parse_platform_support("# nothing here", source="x")


def test_both_stored_copies(shared_data):
    new = {t.target: t for t in parse_platform_support((shared_data / "rust/platform-support.md").read_text(), source="n")}
    old_path = next((shared_data / "rust").glob("platform-support.*.md"))
    old = {t.target: t for t in parse_platform_support(old_path.read_text(), source="o")}
    assert old["mips64el-unknown-linux-gnuabi64"].tier == 2 and old["mips64el-unknown-linux-gnuabi64"].host_tools
    assert new["mips64el-unknown-linux-gnuabi64"].tier == 3
    assert old["aarch64-apple-darwin"].tier == 2 and new["aarch64-apple-darwin"].tier == 1
    assert new["x86_64-unknown-freebsd"].label == "tier 2 with host tools"
    assert new["i686-unknown-freebsd"].label == "tier 2 without host tools"
    assert new["x86_64-unknown-openbsd"].tier == 3


def test_freebsd_target_page(shared_data):
    facts = parse_target_page_overrides((shared_data / "rust/platform-support/freebsd.md").read_text(), source="f")
    by = {f.target: f for f in facts}
    assert by["aarch64-unknown-freebsd"].tier == 2 and by["aarch64-unknown-freebsd"].host_tools


def test_every_qemu_platform_maps_to_a_triple():
    project = load_project("qemu")
    for policy in project.oses:
        for arch in policy.arches:
            assert _target(policy.os, arch), (policy.os, arch)
    assert _target("debian", "mips64el") == "mips64el-unknown-linux-gnuabi64"
    assert _target("alpine", "x86_64") == "x86_64-unknown-linux-musl"
    assert _target("freebsd", "aarch64") == "aarch64-unknown-freebsd"
    assert _target("netbsd", "x86_64") == "x86_64-unknown-netbsd"
    assert _target("macos", "aarch64") == "aarch64-apple-darwin"
    assert _target("windows", "x86_64") == "x86_64-pc-windows-gnu"
    assert _target("ubuntu", "riscv64") == "riscv64gc-unknown-linux-gnu"


def test_tier_per_rust_release_when_tags_were_fetched():
    import datetime as dt

    from canirequire.engine.annotate import Annotator
    from canirequire.engine.results import Platform
    from canirequire.engine.scope import Scope
    from canirequire.model import FactSet, RuleKind, TierFact
    from canirequire.policy.project import parse_project
    from canirequire.store.index import FactIndex

    store = FactIndex([FactSet(tiers=(
        TierFact("rust", "mips64el-unknown-linux-gnuabi64", 2, True, since="2026-01-01", as_of=dt.date(2026, 1, 1),
                 tag="1.63.0"),
        TierFact("rust", "mips64el-unknown-linux-gnuabi64", 3, True, since="2026-01-01", as_of=dt.date(2026, 1, 1),
                 tag="1.77.0"),
        TierFact("rust", "mips64el-unknown-linux-gnuabi64", 3, True, since="2026", as_of=None),
    ))])
    project = parse_project('[project]\nname = "x"\n', "x.toml")
    ann = Annotator(store, load_catalog(), Scope(project, dt.date(2026, 1, 1)))
    plat = Platform("debian", "12", "mips64el", "r", RuleKind.EXPLICIT, None, "")
    assert ann.tier_for(plat, "rust", "1.70").fact.tier == 2  # the 1.63 page is the newest not after 1.70
    assert ann.tier_for(plat, "rust", "1.80").fact.tier == 3
    assert ann.tier_for(plat, "rust").fact.since == "2026"  # no version: the newest page, not a tag


def _target(os_id, arch):
    return load_catalog().target("rust", os_id, arch)
