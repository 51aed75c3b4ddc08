package io.coldchain.server.assignment;

import io.coldchain.server.security.CurrentUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Dispatchers run assignment on demand and read what runs did. */
@RestController
@RequestMapping("/api/v1/assignment-runs")
@Tag(name = "assignment", description = "Assigning orders to stores and locker compartments")
class AssignmentController {

    private static final String DISPATCH = "hasAnyRole('ADMIN','DISPATCHER')";

    private final AssignmentService assignment;

    AssignmentController(AssignmentService assignment) {
        this.assignment = assignment;
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Assign every PLACED order to a store and a locker compartment now")
    @PostMapping
    @PreAuthorize(DISPATCH)
    ResponseEntity<AssignmentRunResponse> run(@AuthenticationPrincipal CurrentUser user) {
        AssignmentRunResponse run = assignment.run("MANUAL", user.username());
        return ResponseEntity.created(URI.create("/api/v1/assignment-runs/" + run.id()))
                .body(run);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The recent assignment runs")
    @GetMapping
    @PreAuthorize(DISPATCH)
    List<AssignmentRunResponse> recent() {
        return assignment.recent(50);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One assignment run, with the orders it could not place")
    @GetMapping("/{id}")
    @PreAuthorize(DISPATCH)
    AssignmentRunResponse get(@PathVariable long id) {
        return assignment.run(id);
    }
}
