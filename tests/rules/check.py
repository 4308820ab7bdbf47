#!/usr/bin/python3
"""Per-rule fixtures: every rule fires where it must and nowhere else.

For each registered rule ID (from `customs rules --format json`):
  tests/rules/ID/bad/   scanning it must yield exactly the ID findings listed
                        in bad/expect, one `FILE:LINE:COL` per line;
  tests/rules/ID/good/  scanning it must yield no ID finding at all.
A rule without both directories fails (the INPUT-* rules are exercised by the
generated CLI cases instead, since their inputs are made at test time).  A
rule that targets both Compose and Kubernetes must show it: bad/ must yield
its findings in a Compose file and in a Kubernetes manifest, and good/ must
hold both kinds of file.

A rule whose targets include "image" is run by `customs image audit --format
json --no-config` instead, once per fixture image.  Each subdirectory of its
bad/ and good/ is one image:
  spec.json inside  an image built at test time by tests/image/mkimage.py
                    (layers with files, modes and owners, config, history),
                    in the format named by the spec's "format" key: docker
                    (the default), hybrid, oci-dir or oci-tar;
  no spec.json      a root file system directory, audited as it is
                    committed (git keeps no setuid or world-writable modes:
                    use a spec for those).
bad/expect lists one line per finding, `IMAGE:PATH`: IMAGE the fixture's
directory name, PATH the finding's path (the file in the image) or `-` for a
finding about the config or the history.  Every finding is at 1:1, so no
line and column; a line listed twice means two findings.
Prints one line per failure and a closing `N passed, N failed` line.
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MKIMAGE = os.path.join(HERE, "..", "image", "mkimage.py")


def scan(customs, d):
    p = subprocess.run([customs, "scan", "--format", "json", "--jobs", "1", d],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def found(report, rule, root):
    out = set()
    for f in report["files"]:
        for x in f["findings"]:
            if x["rule"] == rule:
                rel = os.path.relpath(f["path"], root)
                out.add(f"{rel}:{x['line']}:{x['column']}")
    return out


def kinds(report, rule=None):
    """The kinds of file scanned (with a finding of `rule`, if given)."""
    out = set()
    for f in report["files"]:
        if rule is None or any(x["rule"] == rule for x in f["findings"]):
            out.add(f["kind"])
    return out


def images(d, tmp):
    """(name, path to audit) for each fixture image of directory d."""
    out = []
    for name in sorted(os.listdir(d)):
        src = os.path.join(d, name)
        if not os.path.isdir(src):
            continue
        spec_path = os.path.join(src, "spec.json")
        if not os.path.isfile(spec_path):
            out.append((name, src))
            continue
        with open(spec_path) as fh:
            spec = json.load(fh)
        fmt = spec.get("format", "docker")
        img = os.path.join(tmp, os.path.basename(d) + "-" + name +
                           ("" if fmt == "oci-dir" else ".tar"))
        p = subprocess.run([sys.executable, MKIMAGE, fmt, img,
                            json.dumps(spec)], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"mkimage {name}: {p.stderr.strip()}")
        out.append((name, img))
    if not out:
        raise RuntimeError(f"no image in {d}")
    return out


def audit_found(customs, d, rule, tmp):
    """Findings of `rule` in the images of d, as a multiset of IMAGE:PATH."""
    got = collections.Counter()
    for name, img in images(d, tmp):
        p = subprocess.run([customs, "image", "audit", "--format", "json",
                            "--no-config", img],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            raise RuntimeError(f"{name}: exit {p.returncode}: "
                               f"{p.stderr.strip() or p.stdout[:300]}")
        for f in json.loads(p.stdout)["files"]:
            for x in f["findings"]:
                if x["rule"] == rule:
                    got[f"{name}:{x.get('path') or '-'}"] += 1
    return got


def check_image_rule(customs, rid, bad, good):
    problems = []
    with open(os.path.join(bad, "expect")) as fh:
        want = collections.Counter(
            l.strip() for l in fh if l.strip() and not l.startswith("#"))
    if not want:
        problems.append("bad/expect lists nothing")
    tmp = tempfile.mkdtemp(prefix="customs-rules-")
    try:
        got = audit_found(customs, bad, rid, tmp)
        for m in sorted((want - got).elements()):
            problems.append(f"bad: expected {m}, not reported")
        for m in sorted((got - want).elements()):
            problems.append(f"bad: unexpected {m}")
        for m in sorted(audit_found(customs, good, rid, tmp).elements()):
            problems.append(f"good: false positive at {m}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return problems


def main():
    customs = sys.argv[1]
    only = sys.argv[2:]
    rules = json.loads(subprocess.run([customs, "rules", "--format", "json"],
                                      capture_output=True, text=True,
                                      check=True).stdout)
    passed = failed = 0
    for r in rules:
        rid = r["id"]
        if only and rid not in only:
            continue
        if rid.startswith("INPUT-"):
            continue
        base = os.path.join(HERE, rid)
        bad, good = os.path.join(base, "bad"), os.path.join(base, "good")
        problems = []
        if not os.path.isdir(bad) or not os.path.isfile(os.path.join(bad, "expect")):
            problems.append("no bad/ fixture with an expect file")
        if not os.path.isdir(good):
            problems.append("no good/ fixture")
        if not problems and "image" in r["targets"]:
            try:
                problems += check_image_rule(customs, rid, bad, good)
            except (RuntimeError, ValueError, KeyError, OSError) as e:
                problems.append(f"audit failed: {e}")
        elif not problems:
            try:
                with open(os.path.join(bad, "expect")) as fh:
                    want = {l.strip() for l in fh if l.strip() and not l.startswith("#")}
                bad_report = scan(customs, bad)
                good_report = scan(customs, good)
                got = found(bad_report, rid, bad)
                if not want:
                    problems.append("bad/expect lists nothing")
                for m in sorted(want - got):
                    problems.append(f"bad: expected {m}, not reported")
                for m in sorted(got - want):
                    problems.append(f"bad: unexpected {m}")
                for m in sorted(found(good_report, rid, good)):
                    problems.append(f"good: false positive at {m}")
                if {"compose", "kubernetes"} <= set(r["targets"]):
                    for k in ("compose", "kubernetes"):
                        if k not in kinds(bad_report, rid):
                            problems.append(f"bad: no finding in a {k} file")
                        if k not in kinds(good_report):
                            problems.append(f"good: no {k} file")
            except (RuntimeError, ValueError, KeyError) as e:
                problems.append(f"scan failed: {e}")
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {rid}: {p}")
        else:
            passed += 1
    # fixtures for rules that do not exist are stale
    known = {r["id"] for r in rules}
    for d in sorted(os.listdir(HERE)):
        if os.path.isdir(os.path.join(HERE, d)) and d not in known and not only:
            failed += 1
            print(f"FAIL {d}: fixture directory for an unknown rule")
    print(f"rules: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
