package io.coldchain.server.catalog;

import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.Versions;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Products, stock levels and lots. Reservations against stock are made by assignment, not here. */
@Service
@Transactional
public class CatalogService {

    private final ProductRepository products;
    private final JdbcClient jdbc;
    private final StockLedger ledger;

    CatalogService(ProductRepository products, JdbcClient jdbc, StockLedger ledger) {
        this.products = products;
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    @Transactional(readOnly = true)
    public List<ProductResponse> products() {
        return products.findAllByOrderById().stream().map(Product::toResponse).toList();
    }

    @Transactional(readOnly = true)
    public ProductResponse product(String id) {
        return find(id).toResponse();
    }

    /** The products with these ids; unknown ids are simply absent from the map. */
    @Transactional(readOnly = true)
    public Map<String, ProductInfo> lookup(Collection<String> ids) {
        return products.findAllById(ids).stream()
                .map(Product::toInfo)
                .collect(Collectors.toMap(ProductInfo::id, Function.identity()));
    }

    public ProductResponse createProduct(ProductRequest request) {
        if (products.existsById(request.id())) {
            throw new ConflictException("product '" + request.id() + "' already exists");
        }
        Product product = new Product(request.id());
        product.update(request);
        return products.saveAndFlush(product).toResponse();
    }

    public ProductResponse updateProduct(String id, ProductRequest request) {
        if (!id.equals(request.id())) {
            throw new InvalidFieldException("id", "must match the id in the path ('" + id + "')");
        }
        Product product = find(id);
        Versions.check("product", id, request.version(), product.version());
        product.update(request);
        return products.saveAndFlush(product).toResponse();
    }

    @Transactional(readOnly = true)
    public List<StockLevel> stock(String storeId) {
        requireStore(storeId);
        return jdbc.sql(
                        "select store_id, product_id, on_hand, reserved from stock where store_id = ? order by product_id")
                .param(storeId)
                .query((rs, n) -> level(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)))
                .list();
    }

    /**
     * Sets the units on hand (a count); refused when fewer than are already promised to orders. More
     * units arrive as a lot received today, best before today plus the product's shelf life.
     */
    public StockLevel setStock(String storeId, String productId, int onHand) {
        requireStore(storeId);
        Product product = find(productId);
        Integer reserved = jdbc.sql(
                        "select coalesce(sum(reserved), 0) from (select reserved from stock_lot where store_id = ?"
                                + " and product_id = ? for update) l")
                .params(storeId, productId)
                .query(Integer.class)
                .single();
        if (onHand < reserved) {
            throw new ConflictException("store '" + storeId + "' has " + reserved + " units of '" + productId
                    + "' promised to orders; on hand cannot drop to " + onHand);
        }
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        ledger.setOnHand(storeId, productId, onHand, "RCV-" + today, today.plusDays((long)
                Math.ceil(product.toResponse().shelfLife().days().doubleValue())));
        return level(storeId, productId, onHand, reserved);
    }

    /** Receives a lot at a store. */
    public StockLot receiveLot(String storeId, LotRequest request) {
        requireStore(storeId);
        find(request.productId());
        ledger.receive(storeId, request.productId(), request.lotCode(), request.quantity(), request.bestBefore());
        return ledger.lots(storeId).stream()
                .filter(l ->
                        l.productId().equals(request.productId()) && l.lotCode().equals(request.lotCode()))
                .findFirst()
                .orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<StockLot> lots(String storeId) {
        requireStore(storeId);
        return ledger.lots(storeId);
    }

    private static StockLevel level(String store, String product, int onHand, int reserved) {
        return new StockLevel(store, product, onHand, reserved, onHand - reserved);
    }

    private void requireStore(String storeId) {
        boolean exists = jdbc.sql("select count(*) from store where id = ?")
                        .param(storeId)
                        .query(Integer.class)
                        .single()
                > 0;
        if (!exists) {
            throw new NotFoundException("store", storeId);
        }
    }

    private Product find(String id) {
        return products.findById(id).orElseThrow(() -> new NotFoundException("product", id));
    }
}
