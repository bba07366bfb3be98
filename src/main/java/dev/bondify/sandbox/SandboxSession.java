package dev.bondify.sandbox;

import dev.bondify.session.SessionSnapshot;

/**
 * A session of a sandbox project as the sandbox page shows it: its link code, the session
 * and the project's name and phone setting.
 */
record SandboxSession(String linkCode, SessionSnapshot snapshot, String projectName, boolean reqPhone) {
}
