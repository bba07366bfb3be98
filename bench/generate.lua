-- POST /api/v1/generate/public for the benchmark project (BENCH_PROJECT): one INSERT per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"project_id":"' .. os.getenv("BENCH_PROJECT") .. '"}'
