package io.coldchain.server.order;

import io.coldchain.server.security.CurrentUser;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Residents place, read and cancel their own orders; dispatchers and administrators see and
 * cancel all, and may place on a resident's behalf; quality staff and couriers read.
 */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "orders", description = "Placing, listing and cancelling orders")
class OrderController {

    private static final String PLACERS = "hasAnyRole('RESIDENT','ADMIN','DISPATCHER')";
    private static final String READERS = "hasAnyRole('RESIDENT','ADMIN','DISPATCHER','QUALITY','COURIER')";

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /** Cancellation, with an optional reason recorded in the order's history. */
    record CancelRequest(String reason) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Place an order (retries with the same Idempotency-Key return the same order)")
    @PostMapping
    @PreAuthorize(PLACERS)
    ResponseEntity<OrderResponse> place(
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(
                            required = true,
                            description =
                                    "a key unique per order; a retried request with the same key returns the same order")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String key,
            @Valid @RequestBody PlaceOrderRequest request) {
        OrderService.Placement placement;
        try {
            placement = orders.place(user, key, request);
        } catch (DuplicateKeyException raced) {
            placement = orders.placedConcurrently(user, key, request);
        }
        if (!placement.created()) {
            return ResponseEntity.ok(placement.order());
        }
        return ResponseEntity.created(
                        URI.create("/api/v1/orders/" + placement.order().id()))
                .body(placement.order());
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "List orders (a resident: their own)")
    @GetMapping
    @PreAuthorize(READERS)
    List<OrderSummary> list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) OrderState state,
            @RequestParam(required = false) String storeId,
            @RequestParam(required = false) String lockerBankId,
            @Parameter(description = "pickup date")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate date,
            @RequestParam(required = false) Long residentId,
            @Parameter(description = "page on: the last id of the previous page") @RequestParam(required = false)
                    Long afterId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new io.coldchain.server.web.InvalidFieldException("limit", "must be between 1 and 1000");
        }
        return orders.list(
                user, new OrderService.Filter(state, storeId, lockerBankId, date, residentId, afterId, limit));
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One order with its parcels and history")
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    OrderResponse get(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return orders.get(user, id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Put a STORE order on the counter")
    @PostMapping("/{id}/ready-at-store")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER')")
    OrderResponse readyAtStore(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        return orders.readyAtStore(user, id);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Cancel an order not yet picked (stock and compartments given back)")
    @PostMapping("/{id}/cancel")
    @PreAuthorize(PLACERS)
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.OK)
    OrderResponse cancel(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable long id,
            @RequestBody(required = false) CancelRequest request) {
        return orders.cancel(user, id, request == null ? null : request.reason());
    }
}
