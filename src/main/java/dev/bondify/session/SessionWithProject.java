package dev.bondify.session;

/**
 * A session read together with what its link's users need from its project, in one query.
 */
record SessionWithProject(AuthSession session, String projectName, boolean sandbox, boolean reqPhone, Long botId) {
}
