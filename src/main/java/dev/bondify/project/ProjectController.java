package dev.bondify.project;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/dev/projects}: the calling developer's projects.
 */
@RestController
@RequestMapping("/api/v1/dev/projects")
class ProjectController {

	private final ProjectService projects;

	ProjectController(ProjectService projects) {
		this.projects = projects;
	}

	@GetMapping
	ProjectList list(Authentication developer) {
		return new ProjectList(this.projects.list(developer.getName()));
	}

	@PostMapping(consumes = "application/json")
	ProjectView create(Authentication developer, @Valid @RequestBody ProjectRequests.Create body) {
		return this.projects.create(developer.getName(), body);
	}

	@GetMapping("/{id}")
	ProjectView get(Authentication developer, @PathVariable String id) {
		return this.projects.get(developer.getName(), id);
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	ProjectView update(Authentication developer, @PathVariable String id,
			@Valid @RequestBody ProjectRequests.Patch body) {
		return this.projects.update(developer.getName(), id, body);
	}

	@DeleteMapping("/{id}")
	Deleted delete(Authentication developer, @PathVariable String id) {
		this.projects.delete(developer.getName(), id);
		return new Deleted(true, id);
	}

	@PostMapping("/{id}/regenerate")
	ProjectView regenerate(Authentication developer, @PathVariable String id) {
		return this.projects.regenerate(developer.getName(), id);
	}

	/** {@code {"projects":[…]}}. */
	record ProjectList(List<ProjectView> projects) {
	}

	/** {@code {"ok":true,"id":"proj_…"}}. */
	record Deleted(boolean ok, String id) {
	}

}
