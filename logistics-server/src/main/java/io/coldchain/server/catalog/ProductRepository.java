package io.coldchain.server.catalog;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProductRepository extends JpaRepository<Product, String> {
    List<Product> findAllByOrderById();
}
