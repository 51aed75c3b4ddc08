package io.coldchain.server.network;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;

/**
 * Creates or updates a locker bank with its compartments (merged by code on update).
 *
 * @param storeId the store that serves this bank (optional)
 * @param alwaysOpen open around the clock; otherwise {@code openingHours} apply
 * @param version the version an update is based on (optimistic locking); ignored on create
 */
public record LockerBankRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 500) String address,
        @NotNull @Valid Location location,
        String storeId,
        Boolean alwaysOpen,
        List<@NotNull @Valid OpeningHours> openingHours,
        @NotEmpty @Size(max = 500) List<@NotNull @Valid CompartmentRequest> compartments,
        Long version) {

    @AssertTrue(message = "compartment codes must be unique within the bank")
    boolean isCompartmentCodesUnique() {
        if (compartments == null) {
            return true;
        }
        var seen = new HashSet<String>();
        return compartments.stream().filter(c -> c != null && c.code() != null).allMatch(c -> seen.add(c.code()));
    }
}
