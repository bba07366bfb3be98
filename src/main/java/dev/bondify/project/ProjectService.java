package dev.bondify.project;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.SecretSealer;

/**
 * A developer's projects: create, read, change, delete and rotate keys, always scoped to
 * the calling developer so another developer's project is indistinguishable from a
 * missing one.
 */
@Service
public class ProjectService {

	private final ProjectRepository projects;

	private final WebhookUrlPolicy webhookUrlPolicy;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final ProjectCache cache;

	private final OwnBot.Checker botChecker;

	private final SecretSealer sealer;

	private final ApplicationEventPublisher events;

	private final LiveProjectGate liveProjects;

	ProjectService(ProjectRepository projects, WebhookUrlPolicy webhookUrlPolicy, Clock clock,
			PlatformTransactionManager transactionManager, ProjectCache cache, OwnBot.Checker botChecker,
			SecretSealer sealer, ApplicationEventPublisher events, LiveProjectGate liveProjects) {
		this.liveProjects = liveProjects;
		this.botChecker = botChecker;
		this.sealer = sealer;
		this.events = events;
		this.projects = projects;
		this.cache = cache;
		this.webhookUrlPolicy = webhookUrlPolicy;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * The developer's project, for any feature of the developer API.
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when it does not exist or belongs to
	 * someone else
	 */
	@Transactional(readOnly = true)
	public Project getOwned(String developerId, String projectId) {
		if (projectId == null || developerId == null) {
			throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
		}
		return this.projects.findByIdAndDeveloperId(projectId, developerId)
			.orElseThrow(() -> new ApiException(ErrorCode.PROJECT_NOT_FOUND));
	}

	/**
	 * The developer's projects, newest first, with session counts from one aggregate
	 * query.
	 */
	@Transactional(readOnly = true)
	List<ProjectView> list(String developerId) {
		List<Project> owned = this.projects.findByDeveloperIdOrderByCreatedAtDescIdDesc(developerId);
		if (owned.isEmpty()) {
			return List.of();
		}
		Map<String, long[]> counts = new HashMap<>();
		for (Object[] row : this.projects.countSessions(owned.stream().map(Project::getId).toList())) {
			counts.put((String) row[0], new long[] { ((Number) row[1]).longValue(), ((Number) row[2]).longValue() });
		}
		return owned.stream().map(project -> {
			long[] c = counts.getOrDefault(project.getId(), new long[2]);
			return ProjectView.of(project, false, c[0], c[1]);
		}).toList();
	}

	@Transactional(readOnly = true)
	ProjectView get(String developerId, String projectId) {
		return view(getOwned(developerId, projectId), false);
	}

	/**
	 * The webhook URL is checked (a DNS lookup) before the transaction starts, so a slow
	 * resolver never holds one of the pool's connections.
	 */
	ProjectView create(String developerId, ProjectRequests.Create request) {
		if (!Boolean.TRUE.equals(request.sandbox())) {
			this.liveProjects.checkMayCreateLive(developerId);
		}
		CheckedBot bot = (request.botToken() != null) ? checkBot(request.botToken()) : CheckedBot.NONE;
		String webhookUrl = ProjectSettings.webhookUrl(request.webhookUrl(), this.webhookUrlPolicy);
		return this.transactions.execute(tx -> create(developerId, request, webhookUrl, bot));
	}

	private ProjectView create(String developerId, ProjectRequests.Create request, String webhookUrl, CheckedBot bot) {
		String name = ProjectSettings.name(request.name());
		List<String> origins = (request.allowedOrigins() != null)
				? ProjectSettings.allowedOrigins(request.allowedOrigins()) : List.of();
		String proofAlg = (request.proofAlg() != null) ? ProjectSettings.proofAlg(request.proofAlg())
				: Project.PROOF_ALG_HS256;
		Project project = new Project(developerId, name, Boolean.TRUE.equals(request.sandbox()), this.clock.instant());
		project.setWebhookUrl(webhookUrl);
		project.setPublicAccess(request.publicAccess() == null || request.publicAccess());
		project.setReqPhone(Boolean.TRUE.equals(request.reqPhone()));
		project.setAllowedOrigins(origins);
		project.setProofAlg(proofAlg);
		project
			.setRedirectUris((request.redirectUris() != null) ? RedirectUris.check(request.redirectUris()) : List.of());
		project.setOidcPublic(Boolean.TRUE.equals(request.oidcPublic()));
		project.setOwnBot(bot.id(), bot.username(), bot.sealedToken());
		this.projects.saveAndFlush(project);
		if (bot.id() != null) {
			this.events.publishEvent(new OwnBot.Changed(project.getId(), null, null, bot.id()));
		}
		return ProjectView.of(project, true, 0, 0);
	}

	/**
	 * Validates every present field first, then applies them, so a bad field changes
	 * nothing; the webhook URL (a DNS lookup) is checked before the transaction starts.
	 */
	ProjectView update(String developerId, String projectId, ProjectRequests.Patch patch) {
		CheckedBot bot = (patch.has("bot_token") && patch.botToken() != null) ? checkBot(patch.botToken())
				: CheckedBot.NONE;
		String checkedWebhookUrl = patch.has("webhook_url")
				? ProjectSettings.webhookUrl(patch.webhookUrl(), this.webhookUrlPolicy) : null;
		return this.transactions.execute(tx -> update(developerId, projectId, patch, checkedWebhookUrl, bot));
	}

	private ProjectView update(String developerId, String projectId, ProjectRequests.Patch patch,
			String checkedWebhookUrl, CheckedBot bot) {
		Project project = getOwned(developerId, projectId);
		String name = patch.has("name") ? ProjectSettings.name(patch.name()) : project.getName();
		String webhookUrl = patch.has("webhook_url") ? checkedWebhookUrl : project.getWebhookUrl();
		List<String> origins = patch.has("allowed_origins") ? ProjectSettings.allowedOrigins(patch.allowedOrigins())
				: project.getAllowedOrigins();
		boolean publicAccess = flag(patch, "public_access", patch.publicAccess(), project.isPublicAccess());
		boolean reqPhone = flag(patch, "req_phone", patch.reqPhone(), project.isReqPhone());
		boolean active = active(patch, project.isActive());
		String proofAlg = patch.has("proof_alg") ? ProjectSettings.proofAlg(patch.proofAlg()) : project.getProofAlg();
		List<String> redirectUris = patch.has("redirect_uris") ? RedirectUris.check(patch.redirectUris())
				: project.getRedirectUris();
		boolean oidcPublic = flag(patch, "oidc_public", patch.oidcPublic(), project.isOidcPublic());
		boolean sandbox = flag(patch, "sandbox", patch.sandbox(), project.isSandbox());
		if (sandbox != project.isSandbox()) {
			throw ProjectSettings.invalid("sandbox is fixed when a project is created; create a new project instead.");
		}
		project.setName(name);
		project.setWebhookUrl(webhookUrl);
		project.setAllowedOrigins(origins);
		project.setPublicAccess(publicAccess);
		project.setReqPhone(reqPhone);
		project.setActive(active);
		project.setProofAlg(proofAlg);
		project.setRedirectUris(redirectUris);
		project.setOidcPublic(oidcPublic);
		if (patch.has("bot_token")) {
			Long previousBotId = project.getBotId();
			byte[] previousToken = project.getBotTokenSealed();
			project.setOwnBot(bot.id(), bot.username(), bot.sealedToken());
			this.events.publishEvent(new OwnBot.Changed(project.getId(), previousBotId, previousToken, bot.id()));
		}
		this.projects.saveAndFlush(project);
		return view(project, false).updated();
	}

	/**
	 * {@code is_active}, or the SDKs' alias {@code active}; both at once must agree,
	 * since either way of resolving a disagreement would silently ignore one of them.
	 */
	private static boolean active(ProjectRequests.Patch patch, boolean current) {
		boolean isActive = flag(patch, "is_active", patch.isActive(), current);
		boolean active = flag(patch, "active", patch.active(), current);
		if (patch.has("is_active") && patch.has("active") && isActive != active) {
			throw ProjectSettings.invalid("active and is_active disagree; send one of them.");
		}
		return patch.has("is_active") ? isActive : active;
	}

	@Transactional
	void delete(String developerId, String projectId) {
		if (projectId == null || this.projects.deleteOwned(projectId, developerId) == 0) {
			throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
		}
		// A bulk delete fires no entity listener: this instance forgets the project at
		// once.
		this.cache.forgetAfterCommit(projectId);
	}

	/**
	 * A new secret key; the old one stops working when this commits. The key is replaced
	 * by one conditional UPDATE on the hash of the key this call read, so a 200 is only
	 * answered by the rotation that replaced the key current when it started: two
	 * overlapping rotations never both answer 200, the one that lost answers 409
	 * {@code CONFLICT} and its key never worked.
	 */
	@Transactional
	ProjectView regenerate(String developerId, String projectId) {
		Project project = getOwned(developerId, projectId);
		String newKey = Project.newSecretKey(project.isSandbox());
		int rotated = this.projects.rotateSecretKey(project.getId(), developerId, project.getSecretKeyHash(),
				this.sealer.sealText(newKey), RandomTokens.sha256(newKey));
		if (rotated == 0) {
			if (this.projects.findByIdAndDeveloperId(projectId, developerId).isEmpty()) {
				throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
			}
			throw new ApiException(ErrorCode.CONFLICT,
					"Another regenerate of this project's secret key finished first; its key is the working one."
							+ " Regenerate again if you need a newer key.");
		}
		// A native UPDATE: no entity listener sees it.
		this.cache.forgetAfterCommit(project.getId());
		return view(getOwned(developerId, projectId), true);
	}

	private ProjectView view(Project project, boolean fullKey) {
		List<Object[]> rows = this.projects.countSessions(List.of(project.getId()));
		long sessions = rows.isEmpty() ? 0 : ((Number) rows.get(0)[1]).longValue();
		long confirmed = rows.isEmpty() ? 0 : ((Number) rows.get(0)[2]).longValue();
		return ProjectView.of(project, fullKey, sessions, confirmed);
	}

	/**
	 * Checks the token with Telegram before any transaction starts (a network call), and
	 * encrypts it: only the sealed value ever reaches the entity.
	 */
	private CheckedBot checkBot(String botToken) {
		String token = ProjectSettings.botToken(botToken);
		OwnBot bot = this.botChecker.check(token);
		return new CheckedBot(bot.id(), bot.username(), this.sealer.seal(token));
	}

	/** A checked own bot, or {@link #NONE} to use the deployment's bot. */
	private record CheckedBot(Long id, String username, byte[] sealedToken) {

		static final CheckedBot NONE = new CheckedBot(null, null, null);

	}

	private static boolean flag(ProjectRequests.Patch patch, String field, Boolean value, boolean current) {
		if (!patch.has(field)) {
			return current;
		}
		if (value == null) {
			throw ProjectSettings.invalid(field + " must be true or false.");
		}
		return value;
	}

}
