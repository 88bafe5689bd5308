-- GET with the Authorization header from $AUTH.
wrk.headers["Authorization"] = os.getenv("AUTH")
