/**
 * Who may do what: users with one role each (ADMIN, DISPATCHER, QUALITY, COURIER, RESIDENT), HTTP
 * Basic with BCrypt-hashed passwords, method-level rules on every endpoint, and problem-detail
 * answers for 401 and 403. No user exists unless demo mode seeds them or an administrator is
 * bootstrapped through configuration.
 */
package io.coldchain.server.security;
