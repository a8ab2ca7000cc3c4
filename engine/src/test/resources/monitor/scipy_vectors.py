"""Generates scipy_vectors.json: inputs and SciPy's results for the drift statistics' parity test.

Run from this directory with SciPy installed (python3 scipy_vectors.py); the output is committed, so the Java test
needs no Python. Seeds are fixed: the output is the same on every run with the same SciPy version.
"""
import json

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261127)


def sample(n, shift=0.0, scale=1.0, decimals=3):
    # Rounded so that the JSON holds the exact values the statistics saw (and so that ties occur).
    return np.round(rng.normal(shift, scale, n), decimals)


def ks_case(name, n1, n2, shift, decimals=3):
    a, b = sample(n1, decimals=decimals), sample(n2, shift, decimals=decimals)
    r = stats.ks_2samp(a, b, method="auto")
    return {"name": name, "a": a.tolist(), "b": b.tolist(), "statistic": float(r.statistic),
            "pValue": float(r.pvalue)}


def ks_near_copy(name, n1, copies):
    # The second sample is the first repeated with a little noise: a very small D, Durbin's matrix range.
    a = sample(n1)
    b = np.round(np.tile(a, copies) + rng.normal(0, 0.01, n1 * copies), 3)
    r = stats.ks_2samp(a, b, method="auto")
    return {"name": name, "a": a.tolist(), "b": b.tolist(), "statistic": float(r.statistic),
            "pValue": float(r.pvalue)}


ks = [
    ks_case("exact equal sizes, no shift", 300, 300, 0.0),
    ks_case("exact equal sizes, shift", 400, 400, 0.2),
    ks_case("exact unequal sizes", 250, 730, 0.1),
    ks_case("exact unequal sizes, strong shift", 500, 900, 0.5),
    ks_case("exact heavy ties", 600, 800, 0.1, decimals=0),
    ks_case("exact tiny", 7, 11, 0.8),
    ks_case("asymp en<=140, Durbin range", 100, 10001, 0.15),
    ks_case("asymp en<=140, Pomeranz range (Durbin here)", 100, 10005, 0.3),
    ks_case("asymp en<=140, Smirnov range", 100, 10003, 0.9),
    ks_case("asymp Durbin range", 200, 10007, 0.02),
    ks_near_copy("asymp Durbin range, large n", 500, 21),
    ks_case("asymp Pelz-Good range", 900, 10001, 0.07),
    ks_case("asymp Smirnov range", 900, 10009, 0.25),
]

chi = []
for k, n, shift in [(2, 500, 0.0), (3, 800, 0.05), (6, 2000, 0.02), (12, 5000, 0.0), (25, 3000, 0.03)]:
    p = rng.dirichlet(np.ones(k))
    q = np.clip(p + rng.normal(0, shift, k), 1e-3, None)
    q = q / q.sum()
    ref = rng.multinomial(n, p) + 1
    obs = rng.multinomial(n, q)
    expected = ref * (obs.sum() / ref.sum())
    r = stats.chisquare(obs, expected)
    chi.append({"observed": obs.tolist(), "expected": expected.tolist(), "statistic": float(r.statistic),
                "pValue": float(r.pvalue)})

z = []
for n1, p1, n2, p2 in [(500, 0.3, 600, 0.33), (1000, 0.5, 1000, 0.45), (200, 0.1, 5000, 0.2), (80, 0.9, 90, 0.85)]:
    h1, h2 = int(rng.binomial(n1, p1)), int(rng.binomial(n2, p2))
    pooled = (h1 + h2) / (n1 + n2)
    stat = (h1 / n1 - h2 / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z.append({"hits1": h1, "n1": n1, "hits2": h2, "n2": n2, "statistic": float(stat),
              "pValue": float(2 * stats.norm.sf(abs(stat)))})

js = []
for k in [2, 5, 20, 30]:
    p = rng.multinomial(1000, rng.dirichlet(np.ones(k))).astype(float)
    q = rng.multinomial(1500, rng.dirichlet(np.ones(k))).astype(float)
    if k == 5:
        q[0] = 0.0  # a category the current data lacks
    js.append({"p": p.tolist(), "q": q.tolist(), "distance": float(distance.jensenshannon(p, q)),
               "psi": float(np.sum((np.where(p == 0, 1e-4, p / p.sum()) - np.where(q == 0, 1e-4, q / q.sum()))
                                   * np.log(np.where(p == 0, 1e-4, p / p.sum()) / np.where(q == 0, 1e-4, q / q.sum()))))})

wasserstein = []
for n1, n2, shift, scale in [(50, 70, 0.0, 1.0), (1000, 1500, 0.3, 2.0), (3000, 2000, -1.0, 0.5)]:
    a, b = sample(n1, 0.0, scale), sample(n2, shift, scale)
    w = float(stats.wasserstein_distance(a, b))
    wasserstein.append({"a": a.tolist(), "b": b.tolist(), "distance": w,
                        "normalized": w / max(float(np.std(a)), 0.001)})

with open("scipy_vectors.json", "w") as out:
    json.dump({"scipy": scipy.__version__, "numpy": np.__version__, "ks_2samp": ks, "chisquare": chi,
               "ztest": z, "jensenshannon": js, "wasserstein": wasserstein}, out, separators=(",", ":"))
    out.write("\n")
