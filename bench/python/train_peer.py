#!/usr/bin/env python3
"""The peer of bench/train.sh: scikit-learn logistic regression, linear regression and random forest, and
xgboost-python, on the same CSVs.

    python3 bench/python/train_peer.py TRAIN HOLDOUT logistic|linear|xgboost|random-forest

Mirrors what `mlops train` does by default: read the CSV, median-impute and standardize numbers, one-hot encode
categories, fit, then score the holdout. Prints train_s=... auc=... score_rows_per_s=... like TrainRun; for linear
(the 0/1 label regressed as a number, as TrainRun does) rmse=... instead of auc=...
"""
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import root_mean_squared_error, roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


# The models' random seed: 42, or BENCH_SEED (the engine's bench reads the same variable).
SEED = int(os.environ.get("BENCH_SEED", "42"))


def main(train_path, holdout_path, algorithm):
    start = time.perf_counter()
    train = pd.read_csv(train_path)
    y = train.pop("label")
    numeric = [c for c in train.columns if train[c].dtype.kind in "if"]
    categorical = [c for c in train.columns if c not in numeric]
    features = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    if algorithm == "logistic":
        model = LogisticRegression(max_iter=1000)
    elif algorithm == "linear":
        model = LinearRegression()
        y = y.astype(float)
    elif algorithm == "random-forest":
        from sklearn.ensemble import RandomForestClassifier
        # The engine's defaults: 100 trees, depth 12, half the features per split; 2 jobs as on this machine.
        model = RandomForestClassifier(n_estimators=100, max_depth=12, max_features=0.5, n_jobs=2, random_state=SEED)
    else:
        import xgboost
        model = xgboost.XGBClassifier(n_estimators=100, learning_rate=0.3, max_depth=6, tree_method="hist",
                                      n_jobs=2, random_state=SEED)
    pipeline = Pipeline([("features", features), ("model", model)])
    pipeline.fit(train, y)
    train_seconds = time.perf_counter() - start

    holdout = pd.read_csv(holdout_path)
    y_holdout = holdout.pop("label")
    score_start = time.perf_counter()
    if algorithm == "linear":
        predicted = pipeline.predict(holdout)
        score_seconds = time.perf_counter() - score_start
        quality = f"rmse={root_mean_squared_error(y_holdout.astype(float), predicted):.4f}"
    else:
        probabilities = pipeline.predict_proba(holdout)[:, 1]
        score_seconds = time.perf_counter() - score_start
        quality = f"auc={roc_auc_score(y_holdout, probabilities):.4f}"
    print(f"train_s={train_seconds:.2f} {quality} score_rows_per_s={len(holdout) / score_seconds:.0f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
