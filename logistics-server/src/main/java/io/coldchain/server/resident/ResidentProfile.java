package io.coldchain.server.resident;

import io.coldchain.server.network.Location;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A resident's profile as they maintain it.
 *
 * @param location where deliveries are judged from when no locker bank is preferred
 * @param version the version an update is based on (optimistic locking)
 */
public record ResidentProfile(
        @NotBlank @Size(max = 200) String displayName,
        @Size(max = 500) String address,
        @Valid Location location,
        String preferredLockerBankId,
        Long version) {}
