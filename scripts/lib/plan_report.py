#!/usr/bin/env python3
"""Reads auto_explain's JSON plans from a PostgreSQL server log (query-plans.sh) and reports, per big table,
how the statements of one user@database read it. Exits 1 when any of them read a big table with a sequential
scan, printing those statements.

    plan_report.py LOG USER@DB TABLE...
"""
import collections
import json
import re
import sys

ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.\d]* \S+ \[\d+\] (\S+) LOG:  duration: [\d.]+ ms  plan:$")


def plans(path, who):
    """Yields (query text, plan tree) for each plan the user@db logged."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        m = ENTRY.match(lines[i])
        i += 1
        if not m:
            continue
        body = []
        while i < len(lines) and lines[i].startswith("\t"):
            body.append(lines[i][1:])
            i += 1
        if m.group(1) != who:
            continue
        doc = json.loads("\n".join(body))
        yield doc.get("Query Text", ""), doc["Plan"]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def main():
    path, who, tables = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    reads = collections.defaultdict(collections.Counter)
    seq = []
    count = 0
    for text, plan in plans(path, who):
        count += 1
        for node in nodes(plan):
            table = node.get("Relation Name")
            if table not in tables or node["Node Type"] == "ModifyTable":  # the write's target, not a read
                continue
            how = node["Node Type"] + "".join(" " + n["Index Name"] for n in nodes(node) if "Index Name" in n)
            reads[table][how] += 1
            if node["Node Type"] == "Seq Scan":
                seq.append((table, " ".join(text.split())[:300]))
    if count == 0:
        print(f"no plan of {who} in {path}: is auto_explain loaded for the database?")
        return 1
    print(f"{count} statements' plans read; how each big table was read (plan node, index: times):")
    for table in sorted(tables):
        print(f"  {table}:")
        for how, n in sorted(reads[table].items(), key=lambda kv: -kv[1]):
            print(f"    {how}: {n}")
        if not reads[table]:
            print("    (not read)")
    if seq:
        print(f"\n{len(seq)} sequential scan(s) of a big table:")
        for table, text in seq:
            print(f"  {table}: {text}")
        return 1
    print("\nno sequential scan of a big table: every statement was index-backed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
