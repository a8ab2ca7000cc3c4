-- wrk script: one churn row per request, to `mlops serve`'s rows endpoint.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"age":40,"tenure_months":12,"plan":"pro","monthly_charges":55,"support_calls":1,"region":"north","signup_date":"2024-01-01","customer_id":"C1"}'
