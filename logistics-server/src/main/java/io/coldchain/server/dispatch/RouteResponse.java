package io.coldchain.server.dispatch;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.network.CompartmentSize;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A vehicle's route: ordered stops with planned times, the load per zone and the road geometry as
 * an encoded polyline (precision 5).
 */
public record RouteResponse(
        long id,
        long waveId,
        String vehicleId,
        String storeId,
        LocalDate deliveryDate,
        String status,
        Instant departure,
        Instant returnAt,
        double driveSeconds,
        double distanceMetres,
        List<Load> loads,
        String polyline,
        List<Stop> stops,
        long version) {

    public record Load(TemperatureZone zone, double litres, double kg) {}

    /**
     * @param maxRideSeconds the cold ride limit of its FROZEN and CHILLED parcels, if any
     */
    public record Stop(
            long id,
            int seq,
            String lockerBankId,
            Instant plannedArrival,
            Instant plannedDeparture,
            Instant windowStart,
            Instant windowEnd,
            int serviceSeconds,
            Integer maxRideSeconds,
            String status,
            Instant arrivedAt,
            Instant deliveredAt,
            List<StopParcel> parcels) {}

    /** @param compartment the compartment it holds (reserved, or the one it was put in) */
    public record StopParcel(
            long parcelId,
            long orderId,
            String orderState,
            TemperatureZone zone,
            CompartmentSize size,
            double litres,
            double kg,
            String compartment,
            Instant deliveredAt) {}
}
