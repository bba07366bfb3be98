-- POST /api/v1/verify/public on one pending session (BENCH_PROJECT, BENCH_TOKEN): the clients' polling loop.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"project_id":"' .. os.getenv("BENCH_PROJECT") .. '","session_token":"' .. os.getenv("BENCH_TOKEN") .. '"}'
