package dev.bondify.support;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;

/**
 * Creates projects straight in the database for tests that are not about the developer
 * API.
 */
public final class TestProjects {

	private final ProjectRepository repository;

	private final Clock clock;

	TestProjects(ProjectRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/** A live, active, public project without origin restrictions. */
	public Project live() {
		return create(false, project -> {
		});
	}

	public Project sandbox() {
		return create(true, project -> {
		});
	}

	public Project sandbox(Consumer<Project> customizer) {
		return create(true, customizer);
	}

	public Project live(Consumer<Project> customizer) {
		return create(false, customizer);
	}

	public Project withOrigins(String... origins) {
		return create(false, project -> project.setAllowedOrigins(List.of(origins)));
	}

	private Project create(boolean sandbox, Consumer<Project> customizer) {
		Project project = new Project(null, "Test App", sandbox, this.clock.instant());
		customizer.accept(project);
		return this.repository.saveAndFlush(project);
	}

}
