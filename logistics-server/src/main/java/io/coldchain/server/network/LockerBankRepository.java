package io.coldchain.server.network;

import java.util.List;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

interface LockerBankRepository extends JpaRepository<LockerBank, String> {

    @EntityGraph(attributePaths = "compartments")
    List<LockerBank> findAllByOrderById();

    boolean existsByStoreId(String storeId);
}
