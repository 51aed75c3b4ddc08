package io.coldchain.server.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_user")
class AppUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "resident_id")
    private Long residentId;

    private boolean enabled = true;

    protected AppUser() {}

    AppUser(String username, String passwordHash, Role role, Long residentId) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.residentId = residentId;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    Role role() {
        return role;
    }

    Long residentId() {
        return residentId;
    }

    boolean enabled() {
        return enabled;
    }
}
