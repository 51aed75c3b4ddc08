package io.coldchain.server.dispatch;

import io.coldchain.server.security.CurrentUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Dispatchers plan waves and approve and start routes; couriers read routes and report stops. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "dispatch", description = "Delivery waves, routes and stop events")
class DispatchController {

    private static final String DISPATCH = "hasAnyRole('ADMIN','DISPATCHER')";
    private static final String ON_ROUTE = "hasAnyRole('ADMIN','DISPATCHER','COURIER')";

    private final DispatchService dispatch;
    private final Waves waves;

    DispatchController(DispatchService dispatch, Waves waves) {
        this.waves = waves;
        this.dispatch = dispatch;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Plan a delivery wave (in the background; poll the wave)")
    @PostMapping("/waves")
    @PreAuthorize(DISPATCH)
    ResponseEntity<WaveResponse> plan(
            @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody WaveRequest request) {
        WaveResponse wave = waves.createWave(request, user.username());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/waves/" + wave.id()))
                .body(wave);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "List the waves of a day")
    @GetMapping("/waves")
    @PreAuthorize(DISPATCH)
    List<WaveResponse> waves(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return waves.waves(date);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "One wave: progress while planning, then its routes and unserved parcels")
    @GetMapping("/waves/{id}")
    @PreAuthorize(DISPATCH)
    WaveResponse wave(@PathVariable long id) {
        return waves.wave(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Stop planning a wave, or discard its unstarted routes")
    @PostMapping("/waves/{id}/cancel")
    @PreAuthorize(DISPATCH)
    WaveResponse cancel(@PathVariable long id) {
        return waves.cancelWave(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "List routes by wave or day")
    @GetMapping("/routes")
    @PreAuthorize(ON_ROUTE)
    List<RouteResponse> routes(
            @RequestParam(required = false) Long waveId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return dispatch.routes(waveId, date);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One route with its stops, parcels, loads and polyline")
    @GetMapping("/routes/{id}")
    @PreAuthorize(ON_ROUTE)
    RouteResponse route(@PathVariable long id) {
        return dispatch.route(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Approve a route: its goods are picked (orders PICKED)")
    @PostMapping("/routes/{id}/approve")
    @PreAuthorize(DISPATCH)
    RouteResponse approve(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return dispatch.approve(id, user.username());
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Start a route: the vehicle leaves (orders IN_TRANSIT)")
    @PostMapping("/routes/{id}/start")
    @PreAuthorize(ON_ROUTE)
    RouteResponse start(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.Parameter(
                            description = "start a route for a later day today (the vehicle leaves early)")
                    @RequestParam(defaultValue = "false")
                    boolean early) {
        return dispatch.start(id, user.username(), early);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Record arrival at a stop")
    @PostMapping("/routes/{id}/stops/{seq}/arrival")
    @PreAuthorize(ON_ROUTE)
    RouteResponse arrive(@PathVariable long id, @PathVariable int seq) {
        return dispatch.arrive(id, seq);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Record drop-offs by hand (the fallback when a bank is offline)")
    @PostMapping("/routes/{id}/stops/{seq}/drop-offs")
    @PreAuthorize(ON_ROUTE)
    RouteResponse dropOff(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable long id,
            @PathVariable int seq,
            @Valid @RequestBody DropOffRequest request) {
        return dispatch.dropOff(id, seq, request, user.username());
    }
}
