"""Which package version a platform has of a dependency on a date, and why.

The rules of time (DESIGN.md): a stable release's repository is frozen at its
release apart from updates; a rolling tree only moves forward; a fact
observed on date O says nothing certain about dates long before O.
"""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase

from ..facts.model import ORIGIN_RANK, ORIGIN_REFRESHED, ORIGIN_USER, PackageFact
from ..facts.store import FactStore
from ..policy.project import Dependency, Project
from ..versions.libversion import compare
from .results import MISSING, OK, TOO_OLD, UNKNOWN, Consideration, Platform, Verdict

EXACT, ASSUMED, LOWER_BOUND = "exact", "assumed", "lower-bound"


def repos_for(project: Project, platform: Platform) -> list[tuple[str, str]]:
    policy = project.os_policy(platform.os)
    templates = policy.packages_from if policy and policy.packages_from else ("{os},{release}",)
    major = platform.release.split(".")[0]
    repos = []
    for t in templates:
        text = t.format(os=platform.os, release=platform.release, major=major)
        os_id, _, rel = text.partition(",")
        repos.append((os_id.strip(), rel.strip()))
    return repos


def _repo_matches(fact: PackageFact, repo: tuple[str, str]) -> bool:
    os_id, rel = repo
    if fact.os != os_id:
        return False
    # Facts for a minor release (almalinux 9.8) serve the major (9) a policy names.
    return fact.release == rel or fact.release.startswith(rel + ".")


def name_patterns(project: Project, dependency: str, platform: Platform, repo_os: str) -> tuple[str, ...] | None:
    dep: Dependency | None = project.dependency(dependency)
    if dep is None:
        return None
    keys = [f"{platform.os}-{platform.release}", repo_os, platform.os, "default"]
    return dep.patterns_for(keys)


def channels_for(project: Project, platform: Platform) -> tuple[str, ...]:
    policy = project.os_policy(platform.os)
    return policy.channels if policy and policy.channels else project.channels


def applicability(fact: PackageFact, on: dt.date, arch: str) -> tuple[str | None, str]:
    """(exactness or None if the fact does not apply on ``on``, note)."""
    if fact.arches is not None and arch not in fact.arches and arch != "any":
        if fact.arches_checked is None or arch in fact.arches_checked:
            built = ", ".join(fact.arches) if fact.arches else "no architecture"
            return None, f"not built on {arch} (built on: {built})"
        # The source never looked at this architecture's index: unknown, not absent.
    if fact.valid_from and on < fact.valid_from:
        return None, f"arrived {fact.valid_from}, after {on}"
    if fact.valid_to and on >= fact.valid_to:
        return None, f"superseded on {fact.valid_to}"
    if fact.rolling:
        if fact.valid_from is None and fact.as_of is None:
            return None, "undated observation of a rolling tree: says nothing about any given date"
        if fact.valid_from is None and fact.as_of and on < fact.as_of:
            return None, f"rolling tree observed only on {fact.as_of}: says nothing about earlier dates"
        if fact.valid_to is None and fact.as_of and on > fact.as_of:
            return LOWER_BOUND, f"at least this version (last observed {fact.as_of})"
        return EXACT, ""
    if fact.valid_from is None and fact.channel in ("alternate", "backports"):
        # Non-default and backported packages usually arrive after the release
        # (bullseye got rustc-web 1.78 three years in), so with no arrival
        # date nothing can be said about dates before the observation.
        if fact.as_of is None:
            return None, f"undated observation of a {fact.channel} package: when it arrived is unknown"
        if on < fact.as_of:
            return None, f"{fact.channel} package seen on {fact.as_of}; when it arrived is unknown"
    if fact.valid_from is None and fact.as_of is None:
        return ASSUMED, "undated observation"
    if fact.valid_from is None and fact.as_of and on < fact.as_of:
        return ASSUMED, f"observed {fact.as_of}; assumed unchanged since release"
    return EXACT, ""


def _flags_for(fact: PackageFact, exactness: str, platform: Platform) -> list[str]:
    flags = []
    if fact.channel == "alternate":
        flags.append("alternate")
    if exactness == ASSUMED:
        flags.append("assumed")
    if exactness == LOWER_BOUND:
        flags.append("lower-bound")
    if fact.quality in ("secondary", "undated", "stale-index", "upload-date", "assumed-by-user"):
        flags.append(fact.quality)
    if fact.arches is None or (platform.arch not in fact.arches and platform.arch != "any"):
        flags.append("arch-unverified")
    if fact.os != platform.os and not fact.rolling:
        flags.append("proxy")
    if fact.origin == ORIGIN_USER:
        flags.append("user-fact")
    elif fact.origin == ORIGIN_REFRESHED:
        flags.append("refreshed")
    return flags


def _better(a: tuple[PackageFact, str], b: tuple[PackageFact, str] | None) -> bool:
    if b is None:
        return True
    c = compare(a[0].version, b[0].version)
    if c:
        return c > 0
    rank = {EXACT: 2, ASSUMED: 1, LOWER_BOUND: 0}
    return rank[a[1]] > rank[b[1]]


def resolve(
    project: Project,
    store: FactStore,
    platform: Platform,
    dependency: str,
    on: dt.date,
    required: str | None = None,
) -> Verdict:
    repos = repos_for(project, platform)
    facts = [f for r in repos for f in store.packages_in(dependency, r[0]) if _repo_matches(f, r)]
    channels = channels_for(project, platform)
    # Name patterns depend on the repository's OS only: look them up once, not per fact.
    patterns_by_os = {r[0]: name_patterns(project, dependency, platform, r[0]) for r in repos}

    # Per repo and package, a higher layer (user > refreshed > embedded) that
    # applies on this date hides the lower layers' facts.
    applicable: list[tuple[PackageFact, str, str]] = []
    considered: list[Consideration] = []
    for f in facts:
        exactness, note = applicability(f, on, platform.arch)
        if exactness is None:
            considered.append(Consideration(f, False, note))
        else:
            applicable.append((f, exactness, note))
    top_rank: dict[tuple[str, str], int] = {}
    for f, _, _ in applicable:
        key = (f.repo, f.package)
        top_rank[key] = max(top_rank.get(key, -1), ORIGIN_RANK.get(f.origin, 0))
    live = []
    for f, exactness, note in applicable:
        if ORIGIN_RANK.get(f.origin, 0) < top_rank[(f.repo, f.package)]:
            considered.append(Consideration(f, False, f"overridden by {_origin_word(top_rank[(f.repo, f.package)])} data"))
        else:
            live.append((f, exactness, note))

    best: tuple[PackageFact, str] | None = None
    best_uncounted: tuple[PackageFact, str] | None = None
    for f, exactness, note in live:
        patterns = patterns_by_os[f.os]
        by_what_if = f.quality == "assumed-by-user"  # --assume names no real package
        if not by_what_if and patterns is not None and not any(
            fnmatchcase(f.package, p) for p in patterns if not p.startswith("external:")
        ):
            considered.append(Consideration(f, False, f"{f.package} is not a package the project uses here"))
            continue
        if f.channel not in channels:
            considered.append(Consideration(f, False, f"channel {f.channel} does not count under this policy"))
            if _better((f, exactness), best_uncounted):
                best_uncounted = (f, exactness)
            continue
        considered.append(Consideration(f, True, note))
        if _better((f, exactness), best):
            best = (f, exactness)

    # The project may say it never takes this dependency from the OS here, or
    # that it installs it by other means ("external: cargo install ...").
    patterns_here = [patterns_by_os[r[0]] for r in repos]
    externals = [p for pats in patterns_here if pats for p in pats if p.startswith("external:")]
    if externals and (best is None or (required is not None and compare(best[0].version, required) < 0)):
        how = externals[0].split(":", 1)[1].strip()
        return Verdict(
            platform, dependency, required, OK,
            f"provided outside the OS packages: {how}",
            flags=("external",), considered=tuple(considered),
        )
    if patterns_here and all(p == () for p in patterns_here):
        return Verdict(
            platform, dependency, required, MISSING,
            "the project file says the project does not take it from OS packages here",
            considered=tuple(considered),
        )

    if best is None:
        return _no_counted_package(platform, dependency, required, facts, considered, best_uncounted, repos)

    fact, exactness = best
    flags = _flags_for(fact, exactness, platform)
    if best_uncounted and compare(best_uncounted[0].version, fact.version) > 0:
        flags.append("backports-newer")
    where = f"{fact.package} {fact.version} ({fact.channel}, {fact.repo})"
    if required is None:
        status, reason = OK, f"has {where}"
    elif compare(fact.version, required) >= 0:
        status, reason = OK, f"{where} >= {required}"
    elif exactness == LOWER_BOUND:
        status, reason = UNKNOWN, (
            f"at least {fact.version} (last observed {fact.as_of}); newer data needed to tell whether >= {required}"
            " -- run `canirequire refresh` or add a --facts file"
        )
    else:
        status, reason = TOO_OLD, f"{where} < {required}"
        if "backports-newer" in flags:
            uf = best_uncounted[0]
            reason += f"; {uf.package} {uf.version} is only in {uf.channel}, which this policy does not count"
    return Verdict(
        platform, dependency, required, status, reason,
        version=fact.version, package=fact.package, channel=fact.channel, source=fact.source,
        as_of=fact.as_of, repo=fact.repo, flags=tuple(flags), considered=tuple(considered),
    )


def _origin_word(rank: int) -> str:
    return {0: "embedded", 1: "refreshed", 2: "user"}.get(rank, "newer")


def _no_counted_package(platform, dependency, required, facts, considered, best_uncounted, repos) -> Verdict:
    repo_text = " or ".join(f"{o},{r}" for o, r in repos)
    if best_uncounted is not None:
        uf = best_uncounted[0]
        return Verdict(
            platform, dependency, required, MISSING,
            f"only {uf.package} {uf.version} in {uf.channel} ({uf.repo}), which this policy does not count",
            considered=tuple(considered), flags=("backports-newer",),
        )
    not_built = [c for c in considered if c.note.startswith("not built on")]
    if not_built and len(not_built) == len(facts):
        names = sorted({c.fact.package for c in not_built})
        return Verdict(
            platform, dependency, required, MISSING,
            f"{', '.join(names)} exists in {repo_text} but is not built on {platform.arch}",
            considered=tuple(considered),
        )
    later = [c for c in considered if c.note.startswith("arrived")]
    if later and len(later) == len(facts) and not any(c.fact.rolling for c in later):
        first = min(later, key=lambda c: c.fact.valid_from)
        return Verdict(
            platform, dependency, required, MISSING,
            f"not yet packaged on that date: {first.fact.package} {first.fact.version} arrived {first.fact.valid_from}",
            considered=tuple(considered),
        )
    if facts:
        hint = "; ".join(sorted({c.note for c in considered if not c.used}))[:300]
        return Verdict(
            platform, dependency, required, UNKNOWN,
            f"no usable data for this date in {repo_text} ({hint}) -- run `canirequire refresh` or add a --facts file",
            considered=tuple(considered),
        )
    return Verdict(
        platform, dependency, required, UNKNOWN,
        f"no data for {dependency} in {repo_text} -- run `canirequire refresh` or add a --facts file",
        considered=tuple(considered),
    )
