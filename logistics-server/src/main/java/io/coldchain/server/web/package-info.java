/**
 * Cross-cutting web concerns: every error answers as an RFC 9457 problem detail naming the field or
 * the conflict, and the exceptions features throw to get one.
 */
package io.coldchain.server.web;
