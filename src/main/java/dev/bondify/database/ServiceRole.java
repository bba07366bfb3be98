package dev.bondify.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bondify.system.SecureFiles;

/**
 * Puts a running embedded cluster in the shape the service expects, on every start: a
 * login role that owns the schema and everything in it but is no superuser, both roles
 * with their generated passwords, and a {@code pg_hba.conf} that trusts nobody. A cluster
 * made by an earlier release (trust logins, everything owned by {@code postgres}) is
 * upgraded in place by the same steps, which are idempotent, so a crash half-way is
 * finished at the next start.
 */
final class ServiceRole {

	private static final Logger log = LoggerFactory.getLogger(ServiceRole.class);

	static final String HBA = """
			# Written by Bondify at every start: SCRAM password logins over loopback TCP only.
			# Nobody logs in without a password, and there is no Unix socket (unix_socket_directories is empty).
			host all all 127.0.0.1/32 scram-sha-256
			host all all ::1/128 scram-sha-256
			""";

	/**
	 * Gives the service role every object of the public schema that another role owns
	 * (tables first: their identity sequences follow them), then its functions and types.
	 */
	private static final String TAKE_OWNERSHIP = """
			do $$
			declare r record;
			begin
			  for r in select c.oid::regclass as name, c.relkind from pg_class c
			      join pg_namespace n on n.oid = c.relnamespace
			      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
			        and c.relowner <> 'bondify'::regrole
			        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
			            and d.objid = c.oid and d.deptype in ('a', 'i'))
			      order by c.relkind = 'S'
			  loop
			    execute format('alter %s %s owner to bondify', case r.relkind when 'S' then 'sequence'
			      when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table'
			      else 'table' end, r.name);
			  end loop;
			  for r in select p.oid::regprocedure as name, p.prokind from pg_proc p
			      join pg_namespace n on n.oid = p.pronamespace
			      where n.nspname = 'public' and p.proowner <> 'bondify'::regrole
			  loop
			    execute format('alter %s %s owner to bondify', case r.prokind when 'p' then 'procedure'
			      when 'a' then 'aggregate' else 'function' end, r.name);
			  end loop;
			  for r in select t.oid::regtype as name, t.typtype from pg_type t
			      join pg_namespace n on n.oid = t.typnamespace
			      where n.nspname = 'public' and t.typowner <> 'bondify'::regrole
			        and (t.typtype in ('e', 'd', 'r', 'm') or (t.typtype = 'c'
			          and (select relkind from pg_class where oid = t.typrelid) = 'c'))
			  loop
			    execute format('alter %s %s owner to bondify', case r.typtype when 'd' then 'domain'
			      else 'type' end, r.name);
			  end loop;
			end $$""";

	private ServiceRole() {
	}

	static void secure(EmbeddedDatabase database, Path directory) {
		DatabasePasswords passwords = database.passwords();
		try (Connection connection = database.superuserConnection();
				Statement statement = connection.createStatement()) {
			PGConnection postgres = connection.unwrap(PGConnection.class);
			// alterUserPassword hashes (SCRAM) on this side: no password reaches the
			// server, so none can appear in its log.
			postgres.alterUserPassword("postgres", passwords.superuser().toCharArray(), "scram-sha-256");
			statement.execute("""
					do $$ begin
					  if not exists (select 1 from pg_roles where rolname = 'bondify') then
					    create role bondify login;
					  end if;
					end $$""");
			statement.execute(
					"alter role bondify login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit");
			postgres.alterUserPassword(EmbeddedDatabase.SERVICE_ROLE, passwords.service().toCharArray(),
					"scram-sha-256");
			statement.execute("alter schema public owner to bondify");
			statement.execute(TAKE_OWNERSHIP);
			if (writeHba(directory.resolve("pg_hba.conf"))) {
				statement.execute("select pg_reload_conf()");
				log.info("The embedded PostgreSQL in {} now asks every login for a password", directory);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set up the service role of the embedded PostgreSQL in "
					+ directory + ": " + ex.getMessage(), ex);
		}
	}

	/** Replaces {@code pg_hba.conf} when it says anything else; true when it changed. */
	private static boolean writeHba(Path file) {
		try {
			if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(HBA)) {
				return false;
			}
			SecureFiles.writeAtomically(file, HBA.getBytes(StandardCharsets.UTF_8));
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

}
