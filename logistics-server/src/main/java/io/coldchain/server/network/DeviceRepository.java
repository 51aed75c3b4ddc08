package io.coldchain.server.network;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DeviceRepository extends JpaRepository<Device, String> {

    @Query(
            value = "select count(*) > 0 from device_probe where asset_kind = :kind and owner_id = :ownerId",
            nativeQuery = true)
    boolean anyProbeOn(String kind, String ownerId);

    /** The probes bound to an owner's zones: (device id, probe name, zone) rows. */
    @Query(
            value = "select device_id, probe, zone from device_probe where asset_kind = :kind and owner_id = :ownerId",
            nativeQuery = true)
    java.util.List<Object[]> probesOn(String kind, String ownerId);
}
