package io.coldchain.server.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated user as features see it: a role and, for residents, the resident they are.
 *
 * @param residentId the resident's id when the role is RESIDENT, else null
 */
public record CurrentUser(String username, String passwordHash, Role role, Long residentId, boolean enabled)
        implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** Whether this user is the resident {@code id}. */
    public boolean isResident(Long id) {
        return role == Role.RESIDENT && residentId != null && residentId.equals(id);
    }
}
