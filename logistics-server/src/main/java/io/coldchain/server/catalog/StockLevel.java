package io.coldchain.server.catalog;

/**
 * A store's stock of one product.
 *
 * @param reserved promised to assigned orders and still on the shelf
 * @param available on hand and not reserved
 */
public record StockLevel(String storeId, String productId, int onHand, int reserved, int available) {}
