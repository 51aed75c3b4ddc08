package io.coldchain.server.resident;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registers a resident with a login of their own. */
public record NewResidentRequest(
        @NotBlank
                @Pattern(
                        regexp = "[a-z0-9._-]{3,100}",
                        message = "must be 3-100 lower-case letters, digits, '.', '_' or '-'")
                String username,
        @NotNull @Size(min = 8, max = 200) String password,
        @NotNull @Valid ResidentProfile profile) {}
