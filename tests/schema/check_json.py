#!/usr/bin/env python3
"""Runs a chiso command and validates its JSON output against a schema (Draft 2020-12).

Usage: check_json.py <schema.json> <workdir> <chiso> <args...>
Exits non-zero (printing every schema error) when the command fails or its output does not
conform; python3-jsonschema (Debian) does the checking.
"""
import json
import subprocess
import sys

import jsonschema


def main() -> int:
    schema_file, workdir, *command = sys.argv[1:]
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    run = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f"command failed ({run.returncode}): {run.stderr}", file=sys.stderr)
        return 1
    document = json.loads(run.stdout)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    for e in errors:
        print(f"{'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
    if errors:
        return 1
    print(f"ok: {len(document.get('units', []))} units conform to {schema_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
