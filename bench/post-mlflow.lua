-- wrk script: the same churn row per request, in MLflow's scoring format, to `mlflow models serve`.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dataframe_split":{"columns":["age","tenure_months","plan","monthly_charges","support_calls","region"],"data":[[40,12,"pro",55.0,1,"north"]]}}'
