/** Benchmark commands that print figures (never timed tests). */
package io.coldchain.gateway.bench;
