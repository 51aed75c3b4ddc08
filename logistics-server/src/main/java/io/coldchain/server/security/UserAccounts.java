package io.coldchain.server.security;

import io.coldchain.server.web.ConflictException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates users (passwords hashed) and loads them for authentication. */
@Service
public class UserAccounts implements UserDetailsService {

    private final AppUserRepository users;
    private final PasswordEncoder passwordEncoder;

    UserAccounts(AppUserRepository users, PasswordEncoder passwordEncoder) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
    }

    /**
     * Creates a user.
     *
     * @param residentId required for RESIDENT, null for every other role
     * @throws ConflictException when the user name is taken
     */
    @Transactional
    public void create(String username, String rawPassword, Role role, Long residentId) {
        if ((role == Role.RESIDENT) != (residentId != null)) {
            throw new IllegalArgumentException("a resident id goes with the RESIDENT role and no other");
        }
        if (users.existsByUsername(username)) {
            throw new ConflictException("user name '" + username + "' is taken");
        }
        users.save(new AppUser(username, passwordEncoder.encode(rawPassword), role, residentId));
    }

    @Transactional(readOnly = true)
    public boolean exists(String username) {
        return users.existsByUsername(username);
    }

    @Transactional(readOnly = true)
    public boolean anyWithRole(Role role) {
        return users.existsByRole(role);
    }

    @Override
    @Transactional(readOnly = true)
    public CurrentUser loadUserByUsername(String username) {
        AppUser user = users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return new CurrentUser(user.username(), user.passwordHash(), user.role(), user.residentId(), user.enabled());
    }
}
