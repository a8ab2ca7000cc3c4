#!/usr/bin/env python3
"""Saves the serving benchmark's peer model: a scikit-learn logistic regression on the bundled churn data, with the
same features the mlops logistic model uses (numeric columns standardised, plan and region one-hot), as an MLflow
model directory that `mlflow models serve` loads.

    python3 bench/python/serve_peer.py TRAIN_CSV MODEL_DIR
"""
import shutil
import sys

import mlflow.sklearn
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["age", "tenure_months", "monthly_charges", "support_calls"]
CATEGORICAL = ["plan", "region"]

train_csv, model_dir = sys.argv[1], sys.argv[2]
frame = pd.read_csv(train_csv)
model = Pipeline([
    ("features", ColumnTransformer([("num", StandardScaler(), NUMERIC),
                                    ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)])),
    ("logistic", LogisticRegression(max_iter=1000, random_state=1)),
])
model.fit(frame[NUMERIC + CATEGORICAL], frame["churned"])
shutil.rmtree(model_dir, ignore_errors=True)
mlflow.sklearn.save_model(model, model_dir)
print(f"saved {model_dir}")
