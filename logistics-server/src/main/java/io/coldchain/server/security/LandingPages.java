package io.coldchain.server.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** Where each role lands after signing in, and which paths are the roles' pages. */
public final class LandingPages {

    private static final Set<String> PATHS = Set.of("/dispatcher", "/courier", "/resident", "/quality");

    /** The role pages: a visitor who is not signed in is sent to {@code /login}, not given a 401. */
    static final RequestMatcher PAGES = request -> PATHS.contains(request.getServletPath());

    private LandingPages() {}

    /** The page a signed-in user starts on. */
    public static String of(Authentication auth) {
        if (auth == null || !auth.isAuthenticated()) {
            return "/login";
        }
        String role = auth.getAuthorities().stream()
                .map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .findFirst()
                .orElse("");
        return switch (role) {
            case "ADMIN", "DISPATCHER" -> "/dispatcher";
            case "COURIER" -> "/courier";
            case "QUALITY" -> "/quality";
            case "RESIDENT" -> "/resident";
            default -> "/login";
        };
    }

    static void forbidden(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=utf-8");
        response.getOutputStream()
                .write(
                        """
                        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not for your role</title>
                        <link rel="stylesheet" href="/ui/app.css"></head><body class="narrow"><main>
                        <h1>403: this page is not for your role</h1>
                        <p>You are signed in, but your role may not use this page.</p>
                        <p><a href="/">Go to your own page</a> or <a href="/login">sign in as someone else</a>.</p>
                        </main></body></html>
                        """
                                .getBytes(StandardCharsets.UTF_8));
    }
}
