package dev.bondify.project;

import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Drops a project changed through JPA from this instance's cache right after the commit,
 * without waiting for the notification the same commit sends to every instance.
 */
@Component
class ProjectChangeListener {

	private final ObjectProvider<ProjectCache> cache;

	ProjectChangeListener(ObjectProvider<ProjectCache> cache) {
		this.cache = cache;
	}

	@PostUpdate
	@PostRemove
	void changed(Project project) {
		this.cache.getObject().forgetAfterCommit(project.getId());
	}

}
