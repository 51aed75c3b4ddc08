package io.coldchain.server.locker;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Couriers open stops through the bank; residents see their code and collect; staff read ratings and attempts. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "lockers", description = "Drop-off through the bank, pickup by code or QR, extension, feedback")
class LockerController {

    private final StopOpenings stops;
    private final Pickups pickups;
    private final Feedback feedback;
    private final JdbcClient jdbc;
    private final Duration openWait;

    LockerController(
            StopOpenings stops, Pickups pickups, Feedback feedback, JdbcClient jdbc, ColdchainProperties properties) {
        this.stops = stops;
        this.pickups = pickups;
        this.feedback = feedback;
        this.jdbc = jdbc;
        this.openWait = properties.lockers().openWait();
    }

    /** A pickup: the bank and either the 6-digit code or the QR token. */
    record PickupRequest(
            @NotBlank @Size(max = 64) String lockerBankId,
            @Size(max = 16) String code,
            @Size(max = 400) String qrToken) {}

    record FeedbackRequest(@NotNull @Min(1) @Max(5) Integer rating, @Size(max = 1000) String comment) {}

    record ProblemReport(@NotNull Kind problem, @Size(max = 300) String comment) {
        enum Kind {
            OCCUPIED,
            BROKEN
        }
    }

    @PostMapping("/routes/{id}/stops/{seq}/open")
    @PreAuthorize("hasAnyRole('COURIER','ADMIN')")
    @Operation(summary = "Open the stop's reserved compartments through the bank (the route's courier)")
    StopOpenings.Opening open(@AuthenticationPrincipal CurrentUser user, @PathVariable long id, @PathVariable int seq)
            throws InterruptedException {
        StopOpenings.Opening opening = stops.open(id, seq, user);
        // the OPENs go out on commit; wait a moment for the bank's answers
        long deadline = System.nanoTime() + openWait.toNanos();
        StopOpenings.Opening now = opening;
        while (System.nanoTime() < deadline
                && now.commands().stream().anyMatch(c -> c.state().equals("SENT"))) {
            Thread.sleep(100);
            now = stops.commandsOf(id, seq, user);
        }
        return new StopOpenings.Opening(
                id,
                seq,
                opening.lockerBankId(),
                now.commands().stream()
                        .filter(c -> opening.commands().stream()
                                .anyMatch(o -> o.commandId().equals(c.commandId())))
                        .toList(),
                opening.skipped());
    }

    @GetMapping("/routes/{id}/stops/{seq}/commands")
    @PreAuthorize("hasAnyRole('COURIER','ADMIN')")
    @Operation(summary = "The locker commands of a stop and their states")
    StopOpenings.Opening commands(
            @AuthenticationPrincipal CurrentUser user, @PathVariable long id, @PathVariable int seq) {
        return stops.commandsOf(id, seq, user);
    }

    @PostMapping("/routes/{id}/stops/{seq}/compartments/{code}/problem")
    @PreAuthorize("hasAnyRole('COURIER','ADMIN')")
    @Operation(summary = "Report a compartment occupied or broken: out of service, its parcel moved on")
    StopOpenings.Opening problem(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable long id,
            @PathVariable int seq,
            @PathVariable String code,
            @Valid @RequestBody ProblemReport report) {
        return stops.reportProblem(id, seq, code, report.problem().name(), user);
    }

    @GetMapping("/orders/{id}/pickup")
    @PreAuthorize("hasRole('RESIDENT')")
    @Operation(summary = "The live pickup code and QR token of one's own ready order")
    ResponseEntity<Pickups.PickupView> pickup(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(pickups.view(user, id));
    }

    @GetMapping(value = "/orders/{id}/pickup/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasRole('RESIDENT')")
    @Operation(summary = "The QR token as a PNG")
    ResponseEntity<byte[]> qr(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.IMAGE_PNG)
                .body(QrImages.png(pickups.view(user, id).qrToken(), 320));
    }

    @PostMapping("/pickups")
    @PreAuthorize("hasRole('RESIDENT')")
    @Operation(summary = "Collect one's own order with its code or QR token; the compartments open")
    Pickups.Started pickUp(
            @AuthenticationPrincipal CurrentUser user,
            @Valid @RequestBody PickupRequest request,
            HttpServletRequest http) {
        if ((request.code() == null) == (request.qrToken() == null)) {
            throw new InvalidFieldException("code", "give either code or qrToken");
        }
        return pickups.pickUp(user, http.getRemoteAddr(), request.lockerBankId(), request.code(), request.qrToken());
    }

    @PostMapping("/orders/{id}/extend")
    @PreAuthorize("hasRole('RESIDENT')")
    @Operation(summary = "Extend the pickup deadline once, before it passes")
    Pickups.PickupView extend(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return pickups.extend(user, id);
    }

    @PostMapping("/orders/{id}/feedback")
    @PreAuthorize("hasRole('RESIDENT')")
    @Operation(summary = "Rate the freshness of a collected order (once)")
    ResponseEntity<Feedback.Rating> rate(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable long id,
            @Valid @RequestBody FeedbackRequest request) {
        Feedback.Rating rating = feedback.rate(user, id, request.rating(), request.comment());
        return ResponseEntity.created(URI.create("/api/v1/feedback?orderId=" + id))
                .body(rating);
    }

    @GetMapping("/feedback")
    @PreAuthorize("hasAnyRole('QUALITY','ADMIN','DISPATCHER')")
    @Operation(summary = "Freshness ratings by store, product or bank, with their average")
    Feedback.Ratings ratings(
            @RequestParam(required = false) String storeId,
            @RequestParam(required = false) String productId,
            @RequestParam(required = false) String lockerBankId,
            @RequestParam(required = false) Long orderId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return feedback.list(storeId, productId, lockerBankId, orderId, from, to);
    }

    /** An attempt as audited (never a code). */
    record Attempt(
            long id,
            String lockerBankId,
            Long orderId,
            String channel,
            String actor,
            String source,
            java.time.Instant at,
            String outcome,
            String detail) {}

    @GetMapping("/pickup-attempts")
    @PreAuthorize("hasAnyRole('QUALITY','ADMIN')")
    @Operation(summary = "The pickup attempts audit: who or which bank, when, the outcome (never the code)")
    List<Attempt> attempts(
            @RequestParam(required = false) String lockerBankId, @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 5000) {
            throw new InvalidFieldException("limit", "must be between 1 and 5000");
        }
        return jdbc.sql(
                        """
                        select id, locker_bank_id, order_id, channel, actor, source, at, outcome, detail from pickup_attempt
                        where ?::varchar is null or locker_bank_id = ?::varchar order by id desc limit ?
                        """)
                .params(lockerBankId, lockerBankId, limit)
                .query((rs, n) -> new Attempt(
                        rs.getLong(1),
                        rs.getString(2),
                        (Long) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getString(8),
                        rs.getString(9)))
                .list();
    }
}
