#!/usr/bin/python3
"""Render docs/migration.md from `customs rules --format json` on stdin.

One table per peer tool: its id, the customs rule(s) that cover it, and the
rule's title.  Generated, so it cannot drift from the rule table.
"""
import json
import sys

rules = json.load(sys.stdin)
tools = [
    ("hadolint", "hadolint", "`# hadolint ignore=DLxxxx` pragmas are read and "
     "mapped through this table, so existing suppressions keep working."),
    ("trivy", "Trivy", "Trivy misconfiguration ids (`DS-00xx` for Dockerfiles, "
     "`KSV-0xxx` for Kubernetes; older `DS0xx` / `KSVxxx` aliases)."),
    ("checkov", "Checkov", "Checkov `CKV_DOCKER_*`, `CKV_K8S_*` and "
     "`CKV2_*` checks."),
    ("kics", "KICS", "KICS query titles."),
    ("kube_linter", "kube-linter", "kube-linter check names; its "
     "`ignore-check.kube-linter.io/NAME` annotations map to "
     "`customs.dev/ignore: \"ID reason\"`."),
]
print("# Migrating from hadolint, Trivy, Checkov, KICS and kube-linter\n")
print("Generated from the rule table by `make docs`; do not edit.\n")
print("To move a suppression over, look up the peer id here and write "
      "`# customs:ignore=ID reason` above the instruction (or the service, "
      "container or object), annotate a Kubernetes object with "
      "`customs.dev/ignore: \"ID reason\"`, or add an `ignore:` entry to "
      "`.customs.yaml`.\n")
for key, name, note in tools:
    rows = {}
    for r in rules:
        ids = r["equivalents"].get(key) or ""
        for peer in [p.strip() for p in ids.split(",") if p.strip()]:
            rows.setdefault(peer, []).append(r)
    print(f"## {name}\n")
    print(note + "\n")
    if not rows:
        print("No equivalents.\n")
        continue
    print(f"| {name} | customs | title |")
    print("|---|---|---|")
    for peer in sorted(rows):
        for r in rows[peer]:
            print(f"| {peer} | [{r['id']}](rules/{r['id']}.md) | {r['title']} |")
    print()
