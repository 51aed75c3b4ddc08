package io.coldchain.server.security;

import io.coldchain.server.web.Problems;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP Basic (verified credentials remembered briefly, failed sign-ins throttled per account and
 * source) and API tokens ({@code Bearer cct_...}) over a stateless API; the health endpoint, the API
 * docs and the static UI are public,
 * everything under {@code /api} needs a user, and each endpoint names its roles with
 * {@code @PreAuthorize} (a test checks that none is left without).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json, ApiTokens tokens) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, e) -> {
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
            response.setHeader("WWW-Authenticate", "Basic realm=\"coldchain\"");
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
        // the credential provider is a bean, so Spring Security uses it (and only it) for every
        // sign-in; registering it on the chain as well would run it twice per request
        http.addFilterBefore(new ApiTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, e) -> write(
                                response,
                                json,
                                HttpStatus.FORBIDDEN,
                                Problems.FORBIDDEN,
                                "Forbidden",
                                "Your role does not allow this request")));
        return http.build();
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
