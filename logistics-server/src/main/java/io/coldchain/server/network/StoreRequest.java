package io.coldchain.server.network;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Creates or updates a store.
 *
 * @param id the store's code; required on create, must match the path on update
 * @param version the version an update is based on (optimistic locking); ignored on create
 */
public record StoreRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 500) String address,
        @NotNull @Valid Location location,
        Long version) {}
