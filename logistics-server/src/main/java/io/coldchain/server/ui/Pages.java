package io.coldchain.server.ui;

import io.coldchain.server.security.LandingPages;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The pages: the home page, the sign-in page and one page per role (which roles may open which is
 * decided by the security configuration; another role gets a 403 page). The pages are static files
 * of the dashboards jar; the only thing filled in is the CSRF token of their sign-in and sign-out
 * forms.
 */
@Controller
class Pages {

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    @GetMapping("/")
    ResponseEntity<String> home(Authentication auth, HttpServletRequest request) {
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return ResponseEntity.status(302)
                    .header(HttpHeaders.LOCATION, LandingPages.of(auth))
                    .build();
        }
        return page("index", request);
    }

    @GetMapping("/login")
    ResponseEntity<String> login(HttpServletRequest request) {
        return page("login", request);
    }

    /** A role's page (the path names the file: /dispatcher is dispatcher.html). */
    @GetMapping({"/dispatcher", "/courier", "/resident", "/quality"})
    ResponseEntity<String> rolePage(HttpServletRequest request) {
        return page(request.getServletPath().substring(1), request);
    }

    private ResponseEntity<String> page(String name, HttpServletRequest request) {
        String html = cache.computeIfAbsent(name, Pages::read);
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        html = html.replace("{{csrfParameter}}", token == null ? "_csrf" : token.getParameterName())
                .replace("{{csrf}}", token == null ? "" : token.getToken());
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data: *; style-src 'self' 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff")
                .body(html);
    }

    private static String read(String name) {
        String path = "coldchain-ui/" + name + ".html";
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboards jar has no " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
