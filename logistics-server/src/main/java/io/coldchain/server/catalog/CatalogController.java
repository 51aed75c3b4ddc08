package io.coldchain.server.catalog;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Everyone signed in reads the catalogue; administrators change it; staff read and set stock. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "catalogue", description = "Products and stock per store")
class CatalogController {

    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "List the catalogue")
    @GetMapping("/products")
    @PreAuthorize("isAuthenticated()")
    List<ProductResponse> products() {
        return catalog.products();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One product")
    @GetMapping("/products/{id}")
    @PreAuthorize("isAuthenticated()")
    ProductResponse product(@PathVariable String id) {
        return catalog.product(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Add a product to the catalogue")
    @PostMapping("/products")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ProductResponse> create(@Valid @RequestBody ProductRequest request) {
        ProductResponse created = catalog.createProduct(request);
        return ResponseEntity.created(URI.create("/api/v1/products/" + created.id()))
                .body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Change a product (send the version it is based on)")
    @PutMapping("/products/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ProductResponse update(@PathVariable String id, @Valid @RequestBody ProductRequest request) {
        return catalog.updateProduct(id, request);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "A store's stock per product (the sum over its lots)")
    @GetMapping("/stores/{storeId}/stock")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER','QUALITY','COURIER')")
    List<StockLevel> stock(@PathVariable String storeId) {
        return catalog.stock(storeId);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "A store's stock lots, first to expire first")
    @GetMapping("/stores/{storeId}/lots")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER','QUALITY')")
    List<StockLot> lots(@PathVariable String storeId) {
        return catalog.lots(storeId);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Receive a lot into a store")
    @PostMapping("/stores/{storeId}/lots")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER')")
    ResponseEntity<StockLot> receive(@PathVariable String storeId, @Valid @RequestBody LotRequest request) {
        StockLot lot = catalog.receiveLot(storeId, request);
        return ResponseEntity.status(201).body(lot);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "Set how many units of a product a store has on hand (a correction, kept as a lot)")
    @PutMapping("/stores/{storeId}/stock/{productId}")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER')")
    StockLevel setStock(
            @PathVariable String storeId, @PathVariable String productId, @Valid @RequestBody StockRequest request) {
        return catalog.setStock(storeId, productId, request.onHand());
    }
}
