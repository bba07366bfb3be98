-- GET with "Authorization: Bearer BENCH_BEARER" (the userinfo endpoint with an access token).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_BEARER")
