#!/usr/bin/env python3
"""The peer of bench/monitor.sh and bench/datacore.sh: Evidently's data-drift preset on the same files.

    python3 bench/python/drift_peer.py REFERENCE.parquet CURRENT.parquet

Times reading both files with pandas (Parquet, else CSV) and running DataDriftPreset (its defaults: the same
size-aware tests).
Prints seconds=... drifted=... like MonitorRun.
"""
import sys
import time

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset


def main(reference_path, current_path):
    start = time.perf_counter()
    read = pd.read_parquet if reference_path.endswith(".parquet") else pd.read_csv
    reference = read(reference_path)
    current = read(current_path)
    snapshot = Report([DataDriftPreset()]).run(reference_data=reference, current_data=current)
    result = snapshot.dict()
    seconds = time.perf_counter() - start
    drifted = 0
    for metric in result["metrics"]:
        value = metric.get("value")
        # The preset's first metric is the drifted-columns count: {"count": ..., "share": ...}.
        if isinstance(value, dict) and "count" in value and "share" in value:
            drifted = int(value["count"])
            break
    print(f"seconds={seconds:.3f} drifted={drifted}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
