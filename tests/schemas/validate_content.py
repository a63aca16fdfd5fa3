"""Validates content files (given as JSON) against the content schemas of `prospectus schema`.

Usage: python3 validate_content.py SCHEMA_DIR KIND=FILE.json...
Checks each schema is a valid draft 2020-12 schema, then each file against the schema of its
kind (SCHEMA_DIR/KIND.json). Prints one line per error and exits 1 if there is any.
Needs the `jsonschema` package (pip), which .ci/run installs.
"""

import json
import pathlib
import sys

import jsonschema


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    errors = 0
    validators = {}
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[path.stem] = jsonschema.Draft202012Validator(schema)
    for argument in sys.argv[2:]:
        kind, file = argument.split("=", 1)
        document = json.loads(pathlib.Path(file).read_text())
        for error in validators[kind].iter_errors(document):
            errors += 1
            print(f"{file} ({kind}): {error.json_path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
