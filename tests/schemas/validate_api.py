"""Validates each file of a built site's JSON API against the schema it names.

Usage: python3 validate_api.py PUBLIC_DIR KIND...
Every schema under PUBLIC_DIR/api/schema/ is registered by its `$id`, so the
schemas' references to each other resolve offline. Prints one line per error
and exits 1 if there is any. Needs the `jsonschema` package (pip), which .ci/run installs.
"""

import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource


def main() -> int:
    public = pathlib.Path(sys.argv[1])
    schemas = [json.loads(p.read_text()) for p in sorted((public / "api" / "schema").glob("*.json"))]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    by_id = {s["$id"]: s for s in schemas}
    errors = 0
    for kind in sys.argv[2:]:
        document = json.loads((public / "api" / f"{kind}.json").read_text())
        schema = by_id[document["schema"]]
        validator = jsonschema.Draft202012Validator(
            schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(document):
            errors += 1
            print(f"api/{kind}.json: {error.json_path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
