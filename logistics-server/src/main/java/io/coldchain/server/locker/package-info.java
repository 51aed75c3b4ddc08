/**
 * Smart lockers: OPEN commands to the banks over MQTT and their OPENED / CLOSED / FAILED answers,
 * the courier's drop-off through the bank, resident pickup by one-time code or signed QR token
 * (at the keypad or in the app), wrong-code lockouts, deadlines, extension, expiry with a
 * collection task for the next route, and freshness feedback.
 */
package io.coldchain.server.locker;
