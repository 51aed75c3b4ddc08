/**
 * Scheduled jobs across several server instances: each run takes a lock row in PostgreSQL
 * (ShedLock, on the database's clock), so a job runs on one instance at a time.
 */
package io.coldchain.server.jobs;
