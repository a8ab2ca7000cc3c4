#!/usr/bin/env python3
"""The peer of bench/datacore.sh: pandera validating a file against the checks of an mlops schema.

    python3 bench/python/validate_peer.py DATA.csv|DATA.parquet SCHEMA.yaml

Reads the file with pandas (pyarrow for Parquet), translates the schema's rules into pandera checks (column type,
nullable, min, max, allowed values, unique; warnings checked like errors, since pandera has no severities) and
validates lazily, collecting every failure. Prints seconds=... failures=... like ValidateRun.
"""
import sys
import time

import pandas as pd
import pandera.pandas as pa
import yaml

DTYPES = {"integer": "int64", "double": "float64", "string": "str", "boolean": "bool"}


def limit(rule):
    return rule["value"] if isinstance(rule, dict) else rule


def schema_of(spec):
    columns = {}
    for name, column in spec["columns"].items():
        checks = []
        if "min" in column:
            checks.append(pa.Check.ge(limit(column["min"])))
        if "max" in column:
            checks.append(pa.Check.le(limit(column["max"])))
        if "allowedValues" in column:
            checks.append(pa.Check.isin(limit(column["allowedValues"])))
        columns[name] = pa.Column(DTYPES.get(column.get("type"), None), checks=checks,
                                  nullable=column.get("nullable", True), unique=column.get("unique", False))
    return pa.DataFrameSchema(columns, strict=not spec.get("dataset", {}).get("allowUnknownColumns", True))


def main(data_path, schema_path):
    start = time.perf_counter()
    with open(schema_path) as f:
        schema = schema_of(yaml.safe_load(f))
    data = pd.read_parquet(data_path) if data_path.endswith(".parquet") else pd.read_csv(data_path)
    failures = 0
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as e:
        failures = len(e.failure_cases)
    seconds = time.perf_counter() - start
    print(f"seconds={seconds:.3f} failures={failures}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
