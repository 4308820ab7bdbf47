#!/usr/bin/python3
"""Validate JSON documents against a JSON Schema.

usage: validate.py SCHEMA.json FILE.json...

The validator class follows the schema's own "$schema" (draft-04 for SARIF,
draft-07 for ours and CycloneDX, 2019-09 / 2020-12 for SPDX 2.3.1 and OSV).
CycloneDX schemas refer to spdx.schema.json and jsf-0.82.schema.json by
relative reference; every *.json in the schema's directory is registered
under its "$id" so those resolve offline.

Exit status: 0 when every file is valid, 1 when one is not (each error is
printed with its path in the document), 2 on usage or I/O errors.
"""
import glob
import json
import os
import sys

import jsonschema
from jsonschema import validators


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def schema_id(schema):
    return schema.get("$id") or schema.get("id") or ""


def resolver_for(schema, schema_path):
    """A RefResolver with the sibling schemas, for CycloneDX only."""
    if "cyclonedx.org" not in schema_id(schema):
        return None
    store = {}
    for path in sorted(glob.glob(os.path.join(os.path.dirname(
            os.path.abspath(schema_path)), "*.json"))):
        try:
            other = load(path)
        except (OSError, ValueError):
            continue
        if isinstance(other, dict) and schema_id(other):
            store[schema_id(other)] = other
    return jsonschema.RefResolver.from_schema(schema, store=store)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        schema = load(argv[1])
    except (OSError, ValueError) as e:
        print(f"{argv[1]}: {e}", file=sys.stderr)
        return 2
    cls = validators.validator_for(schema,
                                   default=validators.Draft7Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"{argv[1]}: not a valid schema: {e.message}", file=sys.stderr)
        return 2
    kwargs = {}
    resolver = resolver_for(schema, argv[1])
    if resolver is not None:
        kwargs["resolver"] = resolver
    validator = cls(schema, **kwargs)

    status = 0
    for path in argv[2:]:
        try:
            doc = load(path)
        except (OSError, ValueError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc),
                        key=lambda e: [str(p) for p in e.absolute_path])
        for e in errors:
            print(f"{path}: at {where(e)}: {e.message}", file=sys.stderr)
            status = 1
        if not errors:
            print(f"{path}: valid ({os.path.basename(argv[1])})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
