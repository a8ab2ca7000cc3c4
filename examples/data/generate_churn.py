#!/usr/bin/env python3
"""Generates the bundled synthetic churn datasets, deterministically (standard library only).

    python3 examples/data/generate_churn.py            # rewrites train.csv, holdout.csv, current.csv here

train.csv and holdout.csv come from the same distribution. current.csv is "later traffic" with an injected data
drift (older customers, higher charges, a new plan 'enterprise') and concept drift (support calls matter more for
churn than in training), which the drift monitor is expected to detect.
"""
import csv
import datetime
import math
import os
import random

FIELDS = ["customer_id", "age", "tenure_months", "plan", "monthly_charges", "support_calls", "region",
          "signup_date", "churned"]


def rows(n, seed, first_id, drifted):
    rnd = random.Random(seed)
    plans = ["basic", "plus", "pro"] + (["enterprise"] if drifted else [])
    plan_weights = [0.5, 0.3, 0.2] + ([0.15] if drifted else [])
    regions = ["north", "south", "east", "west"]
    base_charge = {"basic": 30.0, "plus": 55.0, "pro": 80.0, "enterprise": 120.0}
    epoch = datetime.date(2020, 1, 1)
    for i in range(n):
        age = min(80, max(18, int(rnd.gauss(52 if drifted else 40, 12))))
        tenure = min(72, max(0, int(rnd.expovariate(1 / 20))))
        plan = rnd.choices(plans, plan_weights)[0]
        charges = round(base_charge[plan] * (1.25 if drifted else 1.0) + rnd.gauss(0, 8), 2)
        calls = min(10, int(rnd.expovariate(1 / 1.5)))
        region = rnd.choice(regions)
        signup = epoch + datetime.timedelta(days=rnd.randrange(0, 1800))
        call_weight = 0.9 if drifted else 0.35
        logit = -1.2 + call_weight * calls - 0.045 * tenure + 0.02 * (charges - 50) - 0.01 * (age - 40) \
            + (0.4 if plan == "basic" else 0.0)
        churned = 1 if rnd.random() < 1 / (1 + math.exp(-logit)) else 0
        yield [f"C{first_id + i:06d}", age, tenure, plan, f"{charges:.2f}", calls, region, signup.isoformat(), churned]


def write(path, generated):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(FIELDS)
        out.writerows(generated)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write(os.path.join(here, "train.csv"), rows(4000, seed=42, first_id=1, drifted=False))
    write(os.path.join(here, "holdout.csv"), rows(1000, seed=7, first_id=100001, drifted=False))
    write(os.path.join(here, "current.csv"), rows(1500, seed=2024, first_id=200001, drifted=True))
