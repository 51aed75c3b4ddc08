package io.coldchain.server.resident;

import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.web.NotFoundException;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Residents' profiles: a resident reaches only their own (403 for anyone else's). */
@RestController
@RequestMapping("/api/v1/residents")
@Tag(name = "residents")
class ResidentController {

    private static final String STAFF_OR_SELF =
            "hasAnyRole('ADMIN','DISPATCHER','QUALITY') or principal.isResident(#id)";

    private final ResidentService residents;

    ResidentController(ResidentService residents) {
        this.residents = residents;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The signed-in resident's profile")
    @GetMapping("/me")
    @PreAuthorize("hasRole('RESIDENT')")
    ResidentResponse me(@AuthenticationPrincipal CurrentUser user) {
        if (user.residentId() == null) {
            throw new NotFoundException("resident of user", user.username());
        }
        return residents.get(user.residentId());
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "A resident's profile (the resident or staff)")
    @GetMapping("/{id}")
    @PreAuthorize(STAFF_OR_SELF)
    ResidentResponse get(@PathVariable long id) {
        return residents.get(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Change a resident's profile (send the version it is based on)")
    @PutMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN') or principal.isResident(#id)")
    ResidentResponse update(@PathVariable long id, @Valid @RequestBody ResidentProfile profile) {
        return residents.update(id, profile);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Register a resident (their sign-in and profile)")
    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ResidentResponse> register(@Valid @RequestBody NewResidentRequest request) {
        ResidentResponse created = residents.register(request);
        return ResponseEntity.created(URI.create("/api/v1/residents/" + created.id()))
                .body(created);
    }
}
