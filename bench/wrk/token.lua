-- POST /token (client credentials); HTTP Basic from $AUTH.
wrk.method = "POST"
wrk.headers["Authorization"] = os.getenv("AUTH")
