-- Phone numbers and projects' secret keys are now stored sealed (AES-256-GCM under the encryption key, which is never
-- in the database: "sx1:" and base64url, ~60 characters more than the value). varchar -> text rewrites nothing.
-- Rows an earlier release wrote in clear are sealed by the application after start-up (SealedColumns).
alter table auth_sessions alter column telegram_phone type text;
alter table projects alter column secret_key type text;
