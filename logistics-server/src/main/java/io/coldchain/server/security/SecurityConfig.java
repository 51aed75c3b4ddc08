package io.coldchain.server.security;

import io.coldchain.server.web.Problems;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP Basic (verified credentials remembered briefly, failed sign-ins throttled per account and
 * source) and API tokens ({@code Bearer cct_...}) for machine clients, without a session; form
 * sign-in at {@code /login} for people, with a session cookie and CSRF protection on every
 * state-changing call. The health endpoint, the API docs, the sign-in page and the UI's assets are
 * public, each role's page is its role's (and the admin's), everything under {@code /api} needs a
 * user, and each endpoint names its roles with {@code @PreAuthorize} (a test checks that none is
 * left without).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /**
     * Machine clients: every request that names itself in the Authorization header (HTTP Basic or
     * an API token). No session, no cookie, no CSRF (no other site can make a browser send the
     * header).
     */
    @Bean
    @Order(1)
    SecurityFilterChain machines(HttpSecurity http, JsonMapper json, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint entryPoint = entryPoint(json, true);
        // the credential provider is a bean, so Spring Security uses it (and only it) for every
        // sign-in; registering it on the chain as well would run it twice per request
        http.securityMatcher(request -> request.getHeader("Authorization") != null)
                .addFilterBefore(new ApiTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint));
        rules(http, json, entryPoint);
        return http.build();
    }

    /**
     * People in a browser: form sign-in at {@code /login}, a session cookie, and the CSRF token
     * (cookie {@code XSRF-TOKEN}, echoed as {@code X-XSRF-TOKEN} or the forms' {@code _csrf}) on
     * every state-changing call.
     */
    @Bean
    @Order(2)
    SecurityFilterChain browsers(HttpSecurity http, JsonMapper json) throws Exception {
        // no Basic challenge to a page's script (a browser would answer it with its own sign-in
        // dialog); a client without the browser's Sec-Fetch headers still gets one
        AuthenticationEntryPoint entryPoint = entryPoint(json, false);
        // a request without a session cookie has no sign-in to forge: it gets its 401, not a CSRF
        // refusal (the sign-in form itself is always protected, against login CSRF)
        http.csrf(csrf -> csrf.spa()
                        .ignoringRequestMatchers(request ->
                                request.getRequestedSessionId() == null && !"/login".equals(request.getServletPath())))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                // a refused call does not start a session to remember it by
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("username")
                        .passwordParameter("password")
                        .successHandler((request, response, auth) ->
                                response.sendRedirect(request.getContextPath() + LandingPages.of(auth)))
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof SignInThrottledException ? "/login?locked" : "/login?error")))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), LandingPages.PAGES));
        rules(http, json, entryPoint);
        return http.build();
    }

    /** Who may open what, and how a refusal reads; the same for both kinds of client. */
    private static void rules(HttpSecurity http, JsonMapper json, AuthenticationEntryPoint entryPoint)
            throws Exception {
        // an async dispatch (a live-event stream ending) finishes a request that was authorized when
        // it began; the error dispatch renders a problem for a request already judged
        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(
                                jakarta.servlet.DispatcherType.ASYNC, jakarta.servlet.DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/dispatcher")
                        .hasAnyRole(Role.DISPATCHER.name(), Role.ADMIN.name())
                        .requestMatchers("/courier")
                        .hasAnyRole(Role.COURIER.name(), Role.DISPATCHER.name(), Role.ADMIN.name())
                        .requestMatchers("/quality")
                        .hasAnyRole(Role.QUALITY.name(), Role.ADMIN.name())
                        .requestMatchers("/resident")
                        .hasAnyRole(Role.RESIDENT.name(), Role.ADMIN.name())
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(entryPoint, request -> true)
                        .accessDeniedHandler((request, response, e) -> {
                            if (LandingPages.PAGES.matches(request)) {
                                LandingPages.forbidden(response);
                                return;
                            }
                            write(
                                    response,
                                    json,
                                    HttpStatus.FORBIDDEN,
                                    Problems.FORBIDDEN,
                                    "Forbidden",
                                    e instanceof org.springframework.security.web.csrf.CsrfException
                                            ? "The request carries no valid CSRF token (send the XSRF-TOKEN"
                                                    + " cookie's value as X-XSRF-TOKEN)"
                                            : "Your role does not allow this request");
                        }));
    }

    private static AuthenticationEntryPoint entryPoint(JsonMapper json, boolean basicChallenge) {
        return (request, response, e) -> {
            if (e instanceof SignInThrottledException throttled) {
                response.setHeader(
                        "Retry-After",
                        String.valueOf(Math.max(1, throttled.retryAfter().toSeconds())));
                write(
                        response,
                        json,
                        HttpStatus.TOO_MANY_REQUESTS,
                        Problems.SIGN_IN_THROTTLED,
                        "Too many failed sign-ins",
                        throttled.getMessage());
                return;
            }
            if (basicChallenge || request.getHeader("Sec-Fetch-Mode") == null) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"coldchain\"");
            }
            write(
                    response,
                    json,
                    HttpStatus.UNAUTHORIZED,
                    Problems.UNAUTHORIZED,
                    "Unauthorized",
                    e instanceof org.springframework.security.authentication.BadCredentialsException
                                    && e.getMessage() != null
                                    && e.getMessage().startsWith("the API token")
                            ? "The API token is unknown, expired or revoked"
                            : "Authentication is required");
        };
    }

    private static void write(
            jakarta.servlet.http.HttpServletResponse response,
            JsonMapper json,
            HttpStatus status,
            String kind,
            String title,
            String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(status, kind, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
