package io.coldchain.server.catalog;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;

@Entity
@Table(name = "product")
class Product {

    @Id
    private String id;

    private String name;

    @Enumerated(EnumType.STRING)
    private TemperatureZone temperatureClass;

    private BigDecimal volumeLitres;
    private BigDecimal weightKg;
    private BigDecimal shelfLifeDays;

    @jakarta.persistence.Column(name = "reference_temp_c")
    private double referenceTempC;

    private double q10;

    @Version
    private long version;

    private Instant updatedAt;

    protected Product() {}

    Product(String id) {
        this.id = id;
    }

    long version() {
        return version;
    }

    void update(ProductRequest request) {
        this.name = request.name();
        this.temperatureClass = request.temperatureClass();
        this.volumeLitres = request.volumeLitres();
        this.weightKg = request.weightKg();
        this.shelfLifeDays = request.shelfLife().days();
        this.referenceTempC = request.shelfLife().referenceTempC();
        this.q10 = request.shelfLife().q10();
        this.updatedAt = Instant.now();
    }

    ProductResponse toResponse() {
        return new ProductResponse(
                id,
                name,
                temperatureClass,
                volumeLitres,
                weightKg,
                new ShelfLife(shelfLifeDays, referenceTempC, q10),
                version,
                updatedAt);
    }

    ProductInfo toInfo() {
        return new ProductInfo(id, name, temperatureClass, volumeLitres.doubleValue(), weightKg.doubleValue());
    }
}
