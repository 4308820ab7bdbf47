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
Prints one line per failure and a closing `N passed, N failed` line.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


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
        if not problems:
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
