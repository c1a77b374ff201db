"""`canirequire probe`: ask this machine's package manager for the project's packages."""

from __future__ import annotations

import platform
import socket
import subprocess
from dataclasses import replace

from ..sources import host_probe
from .errors import InputError
from .session import open_project, today


def run_command(argv: list[str]) -> str:
    """Run a package-manager query (30 s at most) and return what it printed."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=30)
    except (FileNotFoundError, PermissionError):
        return ""  # no such tool here (dnf on a zypper system): the probe falls back to what is installed
    return done.stdout


def this_machine() -> tuple[str, str]:
    """This machine's /etc/os-release text and architecture (empty text where there is none)."""
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        text = ""
    return text, platform.machine()


def probe_facts(project_spec: str | None, deps: tuple[str, ...]) -> tuple[str, host_probe.Host, int]:
    """(fact-file CSV text, the host, number of facts) for the project's dependencies on this machine."""
    project = open_project(project_spec)
    text, machine = this_machine()
    host = host_probe.detect(text, machine)
    if host.manager:
        host = replace(host, arch=host_probe.native_arch(host.manager, run_command, machine))
    if not host.os or not host.release:
        raise InputError("cannot tell which OS release this is (/etc/os-release has no ID/VERSION_ID)")
    if not host.manager:
        raise InputError(f"no supported package manager found on this {host.os} machine (dpkg, rpm or apk)")
    wanted = {}
    for name in deps or tuple(d.name for d in project.dependencies):
        dep = project.dependency(name)
        if dep is None:
            raise InputError(f"unknown dependency {name!r} in project {project.name}")
        patterns = dep.patterns_for([f"{host.os}-{host.release}", host.os, "default"]) or ()
        # Globs cannot be asked of a package manager; concrete names can.
        wanted[name] = [p for p in patterns if not any(ch in p for ch in "*?[")]
    rows = host_probe.probe(host, wanted, run_command, today(), socket.gethostname())
    return host_probe.to_csv(rows), host, len(rows)



