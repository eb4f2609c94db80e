"""Loads a polpos data package into DuckDB with every primary and foreign key it declares, and
prints what a join of positions, actors, themes and citations counts, as JSON.

    python datapackage_duckdb.py OUT_DIR/datapackage.json

DuckDB checks each key on insert, so a package whose keys do not hold fails here. Tables are
created in the order their keys need; a table's key on itself (positions.supersedes) is left to
the check after loading, since DuckDB does not declare one.
"""

import json
import sys
from pathlib import Path

import duckdb

TYPES = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN"}


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def main(descriptor_path):
    descriptor_path = Path(descriptor_path)
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    order, done = [], set()

    def visit(name):
        if name in done:
            return
        done.add(name)
        for key in resources[name]["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"] or name
            if target != name:
                visit(target)
        order.append(name)

    for name in resources:
        visit(name)

    db = duckdb.connect()
    self_keys = []
    for name in order:
        schema = resources[name]["schema"]
        columns = [f"{quoted(f['name'])} {TYPES[f['type']]}" for f in schema["fields"]]
        key = schema.get("primaryKey")
        if key:
            key = [key] if isinstance(key, str) else key
            columns.append(f"PRIMARY KEY ({', '.join(map(quoted, key))})")
        for foreign in schema.get("foreignKeys", []):
            fields = foreign["fields"] if isinstance(foreign["fields"], list) else [foreign["fields"]]
            reference = foreign["reference"]
            target = reference["resource"] or name
            ref_fields = reference["fields"] if isinstance(reference["fields"], list) else [reference["fields"]]
            if target == name:
                self_keys.append((name, fields, ref_fields))
                continue
            columns.append(
                f"FOREIGN KEY ({', '.join(map(quoted, fields))}) REFERENCES {quoted(target)} ({', '.join(map(quoted, ref_fields))})"
            )
        db.execute(f"CREATE TABLE {quoted(name)} ({', '.join(columns)})")
        types = {f["name"]: TYPES[f["type"]] for f in schema["fields"]}
        path = descriptor_path.parent / resources[name]["path"]
        db.execute(
            f"INSERT INTO {quoted(name)} SELECT * FROM read_csv(?, header = true, quote = '\"', escape = '\"', "
            f"columns = {json.dumps(types)}, auto_detect = false)",
            [str(path)],
        )

    for name, fields, ref_fields in self_keys:
        condition = " AND ".join(f"t.{quoted(f)} IS NOT NULL" for f in fields)
        match = " AND ".join(f"t.{quoted(f)} = r.{quoted(g)}" for f, g in zip(fields, ref_fields))
        orphans = db.execute(
            f"SELECT count(*) FROM {quoted(name)} t WHERE {condition} AND NOT EXISTS (SELECT 1 FROM {quoted(name)} r WHERE {match})"
        ).fetchone()[0]
        if orphans:
            sys.exit(f"{orphans} rows of {name} break its key on itself ({', '.join(fields)})")

    counts = {name: db.execute(f"SELECT count(*) FROM {quoted(name)}").fetchone()[0] for name in order}
    joined = db.execute(
        """SELECT count(*), count(DISTINCT p.position_id) FROM citations c
           JOIN positions p USING (position_id) JOIN actors a ON a.actor_id = p.actor_id
           JOIN themes t ON t.theme_id = p.theme_id"""
    ).fetchone()
    print(json.dumps({"tables": counts, "joined_citations": joined[0], "joined_positions": joined[1]}))


if __name__ == "__main__":
    main(sys.argv[1])
