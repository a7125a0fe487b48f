#!/usr/bin/env python3
"""Runs a chiso command and validates its JSON output against a schema (Draft 2020-12).

Usage: check_json.py <schema.json> <workdir> [--file <output>] <chiso> <args...>
With --file the document is read from <output> (a file the command writes, `report -o`) instead
of stdout. Exits non-zero (printing every schema error) when the command fails or its output does not
conform; python3-jsonschema (Debian) does the checking.
"""
import json
import os
import subprocess
import sys

import jsonschema


def main() -> int:
    schema_file, workdir, *command = sys.argv[1:]
    output_file = None
    if command[:1] == ["--file"]:
        output_file, command = command[1], command[2:]
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    if output_file is not None and os.path.exists(output_file):
        os.remove(output_file)  # a file left by an earlier run must not pass for this one
    run = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(f"command failed ({run.returncode}): {run.stderr}", file=sys.stderr)
        return 1
    if output_file is None:
        document = json.loads(run.stdout)
    else:
        with open(output_file, encoding="utf-8") as f:
            document = json.load(f)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    for e in errors:
        print(f"{'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
    if errors:
        return 1
    parts = next((k for k in ("units", "nodes", "items", "rows") if k in document), None)
    count = f"{len(document[parts])} {parts}" if parts else "the document"
    print(f"ok: {document.get('kind')}, {count} conform to {schema_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
