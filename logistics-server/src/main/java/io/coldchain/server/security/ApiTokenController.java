package io.coldchain.server.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users make, list and revoke API tokens for their machine clients ({@code Authorization: Bearer cct_...}). */
@RestController
@RequestMapping("/api/v1/api-tokens")
@Tag(name = "security", description = "API tokens for machine clients")
class ApiTokenController {

    private static final String ANY_USER = "isAuthenticated()";

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * @param username whom the token acts as (administrators only; default: the caller)
     * @param days how long it is valid; default the configured 365
     */
    record TokenRequest(@NotBlank @Size(max = 100) String name, @Size(max = 100) String username, Integer days) {}

    @PostMapping
    @PreAuthorize(ANY_USER)
    @Operation(summary = "Make an API token; the answer holds the token, shown only this once")
    ResponseEntity<ApiTokens.NewToken> create(
            @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody TokenRequest request) {
        ApiTokens.NewToken token = tokens.create(user, request.username(), request.name(), request.days());
        return ResponseEntity.created(URI.create("/api/v1/api-tokens/" + token.id()))
                .body(token);
    }

    @GetMapping
    @PreAuthorize(ANY_USER)
    @Operation(summary = "List API tokens (never their secrets); administrators see all")
    List<ApiTokens.TokenInfo> list(@AuthenticationPrincipal CurrentUser user) {
        return tokens.list(user);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(ANY_USER)
    @Operation(summary = "Revoke an API token")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        tokens.revoke(user, id);
        return ResponseEntity.noContent().build();
    }
}
