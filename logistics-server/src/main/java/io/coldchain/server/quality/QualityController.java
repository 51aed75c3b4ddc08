package io.coldchain.server.quality;

import io.coldchain.gateway.contract.AlertType;
import io.coldchain.server.order.OrderService;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import io.coldchain.server.telemetry.TelemetryHistory;
import io.coldchain.server.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Quality staff's API: alerts, dispositions, cold-chain reports, telemetry, traceability, compliance. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "quality", description = "Cold-chain alerts, holds, reports and the traceability export")
class QualityController {

    private static final String READ = "hasAnyRole('QUALITY','ADMIN','DISPATCHER')";
    private static final String AUDIT = "hasAnyRole('QUALITY','ADMIN')";

    private final Alerts alerts;
    private final ColdChainReport reports;
    private final TelemetryHistory telemetry;
    private final Traceability traceability;
    private final Compliance compliance;
    private final OrderService orders;

    QualityController(
            Alerts alerts,
            ColdChainReport reports,
            TelemetryHistory telemetry,
            Traceability traceability,
            Compliance compliance,
            OrderService orders) {
        this.alerts = alerts;
        this.reports = reports;
        this.telemetry = telemetry;
        this.traceability = traceability;
        this.compliance = compliance;
        this.orders = orders;
    }

    record CommentRequest(@Size(max = 2000) String comment) {}

    @GetMapping("/alerts")
    @PreAuthorize(READ)
    @Operation(summary = "List alerts, newest first")
    List<AlertView.Summary> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) AlertType type,
            @RequestParam(required = false) String assetId,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "200") int limit) {
        if (status != null && !List.of("OPEN", "ACKNOWLEDGED", "RESOLVED").contains(status)) {
            throw new InvalidFieldException("status", "must be OPEN, ACKNOWLEDGED or RESOLVED");
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidFieldException("limit", "must be between 1 and 1000");
        }
        return alerts.list(status, type, assetId, from, to, limit);
    }

    @GetMapping("/alerts/{alertId}")
    @PreAuthorize(READ)
    @Operation(summary = "An alert with its history and the orders it touched")
    AlertView.Detail alert(@PathVariable String alertId) {
        return alerts.detail(alertId);
    }

    @PostMapping("/alerts/{alertId}/acknowledge")
    @PreAuthorize("hasRole('QUALITY')")
    @Operation(summary = "Acknowledge an alert (who, when, comment)")
    AlertView.Detail acknowledge(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable String alertId,
            @Valid @RequestBody(required = false) CommentRequest request) {
        return alerts.acknowledge(alertId, user.username(), request == null ? null : request.comment());
    }

    @PostMapping("/alerts/{alertId}/resolve")
    @PreAuthorize("hasRole('QUALITY')")
    @Operation(summary = "Resolve an alert with a disposition for every order it touched")
    AlertView.Detail resolve(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable String alertId,
            @Valid @RequestBody ResolveRequest request) {
        return alerts.resolve(alertId, user.username(), request);
    }

    @GetMapping("/orders/{id}/cold-chain")
    @PreAuthorize("hasAnyRole('RESIDENT','QUALITY','ADMIN','DISPATCHER')")
    @Operation(summary = "An order's custody chain, temperatures per hand-off, alerts and shelf life")
    ColdChainReport.Report coldChain(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        orders.get(user, id); // visibility: a resident sees only their own
        return reports.of(id, user.role() != Role.RESIDENT, Instant.now());
    }

    @GetMapping("/telemetry/{owner}/{zone}")
    @PreAuthorize(READ)
    @Operation(summary = "Readings, or min/mean/max buckets, of a locker zone or vehicle compartment (LB-0007/CHILLED)")
    Map<String, Object> telemetry(
            @PathVariable String owner,
            @PathVariable String zone,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Duration bucket) {
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(Duration.ofHours(6));
        if (!start.isBefore(end)) {
            throw new InvalidFieldException("from", "must be before 'to'");
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(93)) > 0) {
            throw new InvalidFieldException("from", "at most 93 days at once");
        }
        String asset = owner + "/" + zone;
        if (bucket != null) {
            if (bucket.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new InvalidFieldException("bucket", "must be at least 10 s (e.g. PT5M)");
            }
            return Map.of(
                    "assetId",
                    asset,
                    "bucket",
                    bucket.toString(),
                    "buckets",
                    telemetry.buckets(asset, start, end, bucket));
        }
        return Map.of("assetId", asset, "readings", telemetry.raw(asset, start, end, 20_000));
    }

    @GetMapping(value = "/traceability/events.csv", produces = "text/csv")
    @PreAuthorize(AUDIT)
    @Operation(summary = "The custody events (critical tracking events with their key data elements) as CSV")
    void events(
            @RequestParam Instant from,
            @RequestParam Instant to,
            @RequestParam(required = false) String storeId,
            @RequestParam(defaultValue = "at") Traceability.Sort sort,
            HttpServletResponse response)
            throws IOException {
        if (!from.isBefore(to)) {
            throw new InvalidFieldException("from", "must be before 'to'");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"custody-events.csv\"");
        traceability.write(
                from, to, storeId, sort, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }

    @GetMapping("/compliance")
    @PreAuthorize(AUDIT)
    @Operation(summary = "Per asset and day: % of time in range, excursions, degree-minutes")
    List<Compliance.Day> compliance(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String assetId) {
        return compliance.of(date != null ? date : LocalDate.now(java.time.ZoneOffset.UTC), assetId);
    }
}
