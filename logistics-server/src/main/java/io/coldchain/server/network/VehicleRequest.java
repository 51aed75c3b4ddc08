package io.coldchain.server.network;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;

/**
 * Creates or updates a vehicle.
 *
 * @param compartments one per temperature zone the vehicle can carry
 * @param version the version an update is based on (optimistic locking); ignored on create
 */
public record VehicleRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
        @NotBlank @Size(max = 200) String name,
        @NotNull VehicleKind kind,
        @NotBlank String homeStoreId,
        @NotEmpty @Size(max = 4) List<@NotNull @Valid VehicleCompartment> compartments,
        Long version) {

    @AssertTrue(message = "at most one compartment per temperature zone")
    boolean isOneCompartmentPerZone() {
        if (compartments == null) {
            return true;
        }
        var zones = compartments.stream()
                .filter(Objects::nonNull)
                .map(VehicleCompartment::zone)
                .filter(Objects::nonNull)
                .toList();
        return zones.size() == zones.stream().distinct().count();
    }
}
