package io.coldchain.server.security;

/** The roles of the system; each user has exactly one. */
public enum Role {
    ADMIN,
    DISPATCHER,
    QUALITY,
    COURIER,
    RESIDENT
}
