package io.coldchain.server.network;

import org.springframework.data.jpa.repository.JpaRepository;

interface VehicleRepository extends JpaRepository<Vehicle, String> {

    boolean existsByHomeStoreId(String storeId);
}
