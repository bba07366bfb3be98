package dev.bondify.oidc;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the sign-in page's single-use ticket into the signed-in user for the one
 * authorization request it was issued for: the principal is the confirmed Bondify session
 * (its id), and the request goes on to the authorization server without the ticket.
 * Nothing is kept afterwards (no HTTP session).
 */
class TicketFilter extends OncePerRequestFilter {

	static final String AUTHORIZE = "/oauth2/authorize";

	private final SignIns signIns;

	private final Clock clock;

	TicketFilter(SignIns signIns, Clock clock) {
		this.signIns = signIns;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"GET".equals(request.getMethod()) || !AUTHORIZE.equals(request.getRequestURI())
				|| request.getParameter(AuthorizationRequestParameters.TICKET) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String ticket = request.getParameter(AuthorizationRequestParameters.TICKET);
		AuthorizationRequestParameters parameters = AuthorizationRequestParameters.of(request);
		String clientId = parameters.first("client_id");
		Optional<SignIns.Consumed> session = (clientId != null && ticket.length() <= 128)
				? this.signIns.consume(ticket, clientId, parameters.fingerprint(), this.clock.instant())
				: Optional.empty();
		if (session.isEmpty()) {
			OidcErrorPage.write(response, HttpStatus.BAD_REQUEST.value(), "This sign-in was already used",
					"This confirmation was already used, has expired, or belongs to another sign-in.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		// The factor's time is the confirmation in Telegram: the id token's auth_time.
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
				session.get().sessionId().toString(), null,
				List.of(FactorGrantedAuthority.withFactor("TELEGRAM").issuedAt(session.get().confirmedAt()).build())));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(AuthorizationRequestParameters.withoutTicket(request), response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
