package io.coldchain.server.dispatch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** What the courier put where at a stop. */
public record DropOffRequest(@NotEmpty @Valid List<Drop> drops) {

    /** One parcel into one compartment (by its code at the stop's locker bank). */
    public record Drop(@NotNull Long parcelId, @NotBlank String compartment) {}
}
