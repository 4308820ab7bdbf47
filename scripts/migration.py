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
    ("trivy", "Trivy", "Trivy misconfiguration ids (`DS-00xx`; older `DS0xx` aliases)."),
    ("checkov", "Checkov", "Checkov `CKV_DOCKER_*` / `CKV2_DOCKER_*` checks."),
    ("kics", "KICS", "KICS query titles."),
]
print("# Migrating from hadolint, Trivy, Checkov and KICS\n")
print("Generated from the rule table by `make docs`; do not edit.\n")
print("To move a suppression over, look up the peer id here and write "
      "`# customs:ignore=ID reason` above the instruction, or add an "
      "`ignore:` entry to `.customs.yaml`.\n")
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
