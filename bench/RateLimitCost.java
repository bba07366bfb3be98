import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cost of one rate-limit check as the service runs it: the upsert of RateLimiter.ACQUIRE (copied below; keep it in
 * step) on one pooled-like connection, against `select 1` as the round-trip floor. Started by bench/webhooks.sh with
 * the PostgreSQL driver on the class path: args jdbc-url iterations.
 */
class RateLimitCost {

	static final String ACQUIRE = """
			with granted as (
			  insert into rate_limit_buckets as b (key, tat_us) values (:key, :now + :interval)
			  on conflict (key) do update
			    set tat_us = (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end) + :interval
			    where (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end) + :interval - :now <= :window
			  returning tat_us)
			select (select tat_us from granted) as granted, (select tat_us from rate_limit_buckets where key = :key) as previous""";

	public static void main(String[] args) throws Exception {
		int iterations = Integer.parseInt(args[1]);
		List<String> order = new ArrayList<>();
		Matcher names = Pattern.compile(":([a-z]+)").matcher(ACQUIRE);
		StringBuilder sql = new StringBuilder();
		while (names.find()) {
			order.add(names.group(1));
			names.appendReplacement(sql, "?");
		}
		names.appendTail(sql);
		try (Connection connection = DriverManager.getConnection(args[0])) {
			connection.setAutoCommit(true);
			double floor = measure(connection, "select 1", List.of(), iterations, i -> Map.of());
			// 1,000 client IPs polling at 600 a minute: a busy key mix, every check granted.
			double check = measure(connection, sql.toString(), order, iterations, i -> Map.of("key",
					"bench-verify-ip:" + (i % 1000), "now", System.currentTimeMillis() * 1000, "interval", 100_000L,
					"window", 60_000_000L));
			System.out.printf("rate-limit check: %.0f µs per statement (select 1: %.0f µs) over %d statements%n", check,
					floor, iterations);
		}
	}

	interface Values {

		Map<String, Object> of(int i);

	}

	private static double measure(Connection connection, String sql, List<String> order, int iterations, Values values)
			throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int round = 0; round < 2; round++) {
				long started = System.nanoTime();
				for (int i = 0; i < iterations; i++) {
					Map<String, Object> bound = values.of(i);
					for (int p = 0; p < order.size(); p++) {
						statement.setObject(p + 1, bound.get(order.get(p)));
					}
					try (ResultSet rows = statement.executeQuery()) {
						rows.next();
					}
				}
				if (round == 1) {
					return (System.nanoTime() - started) / 1e3 / iterations;
				}
			}
			throw new IllegalStateException();
		}
	}

}
