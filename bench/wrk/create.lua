-- POST /application-keys with a description; Authorization from $AUTH.
wrk.method = "POST"
wrk.body = '{"description":"load test"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("AUTH")
