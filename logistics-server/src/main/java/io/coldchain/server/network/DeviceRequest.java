package io.coldchain.server.network;

import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Registers or updates a device and binds each of its probes to what it measures.
 *
 * @param reportingIntervalS how often the device reports; a probe silent for three intervals alerts
 * @param probes by probe name as the device sends it in readings ({@code chilled}, {@code frozen}, ...)
 * @param version the version an update is based on (optimistic locking); ignored on create
 */
public record DeviceRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
        @NotNull @Positive @Max(86_400) Integer reportingIntervalS,
        @NotEmpty @Size(max = 16)
                Map<
                                @NotBlank
                                @Pattern(
                                        regexp = "[A-Za-z0-9_-]{1,64}",
                                        message = "probe names are 1-64 letters, digits, '_' or '-'")
                                String,
                                @NotNull @Valid ProbeRequest>
                        probes,
        Long version) {

    /**
     * @param ownerId the locker bank (for LOCKER_ZONE) or vehicle (for VEHICLE_COMPARTMENT)
     * @param zone the zone of that bank or vehicle the probe sits in
     * @param forS override: how long outside the alert band before an excursion opens
     * @param clearS override: how long back inside before it clears (default 5 minutes)
     */
    public record ProbeRequest(
            @NotNull AssetKind assetKind,
            @NotBlank String ownerId,
            @NotNull TemperatureZone zone,
            @DecimalMin("-60") @DecimalMax("80") Double alertAboveC,
            @DecimalMin("-60") @DecimalMax("80") Double alertBelowC,
            @PositiveOrZero @Max(86_400) Integer forS,
            @PositiveOrZero @Max(86_400) Integer clearS) {

        /** A probe with the zone's clearing duration. */
        public ProbeRequest(
                AssetKind assetKind,
                String ownerId,
                TemperatureZone zone,
                Double alertAboveC,
                Double alertBelowC,
                Integer forS) {
            this(assetKind, ownerId, zone, alertAboveC, alertBelowC, forS, null);
        }

        @AssertTrue(message = "alertBelowC must be below alertAboveC")
        boolean isBandOrdered() {
            return alertAboveC == null || alertBelowC == null || alertBelowC < alertAboveC;
        }

        ProbeConfig toConfig() {
            return new ProbeConfig(assetKind, ownerId, zone, alertAboveC, alertBelowC, forS, clearS);
        }
    }
}
