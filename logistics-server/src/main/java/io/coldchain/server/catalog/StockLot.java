package io.coldchain.server.catalog;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A lot of one product at a store.
 *
 * @param lotCode the traceability lot code (FSMA 204)
 * @param reserved units promised to assigned orders, still on the shelf
 */
public record StockLot(
        long id,
        String storeId,
        String productId,
        String lotCode,
        int quantity,
        int reserved,
        LocalDate bestBefore,
        Instant receivedAt) {}
