package io.coldchain.gateway.testing;

/** Where a piece of test infrastructure came from. */
public enum Source {
    /** An address given by an environment variable (CI points at the machine's own services). */
    ENVIRONMENT,
    /** A container started through Testcontainers. */
    TESTCONTAINERS,
    /** An in-process server (zonky PostgreSQL, HiveMQ CE embedded). */
    EMBEDDED
}
