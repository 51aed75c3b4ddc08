package io.coldchain.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.coldchain.server.ColdchainProperties;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks user name and password (HTTP Basic, the sign-in form) without letting anyone burn the
 * server's CPU on BCrypt:
 *
 * <ul>
 *   <li>a credential verified in the last minutes is remembered (by a keyed hash of name and
 *       password, with a key that lives only in this process) and accepted without BCrypt;
 *   <li>an account, or a source address, with too many recent failures is refused with 429 before
 *       any hash is computed, and each failure counts against both.
 * </ul>
 */
@Component
class CredentialAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(CredentialAuthenticationProvider.class);

    private final UserAccounts accounts;
    private final PasswordEncoder passwords;
    private final Lockouts lockouts;
    private final Lockouts.Policy perAccount;
    private final Lockouts.Policy perSource;
    private final Cache<String, CurrentUser> verified;
    private final SecretKeySpec cacheKey;
    // a hash to compare against when the user does not exist, so timing does not tell
    private final String decoy;

    CredentialAuthenticationProvider(
            UserAccounts accounts, PasswordEncoder passwords, Lockouts lockouts, ColdchainProperties properties) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.lockouts = lockouts;
        ColdchainProperties.Security config = properties.security();
        this.perAccount = new Lockouts.Policy(
                "sign-in-account", config.signInFailuresPerAccount(), config.signInWindow(), config.signInLockout());
        this.perSource = new Lockouts.Policy(
                "sign-in-source", config.signInFailuresPerSource(), config.signInWindow(), config.signInLockout());
        this.verified = Caffeine.newBuilder()
                .expireAfterWrite(config.verifiedCredentialTtl())
                .maximumSize(100_000)
                .build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        this.decoy = passwords.encode("decoy-" + HexFormat.of().formatHex(key));
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String password = authentication.getCredentials() == null
                ? ""
                : authentication.getCredentials().toString();
        String fingerprint = fingerprint(username, password);
        String source = source(authentication);
        // concurrent sign-ins with the same credential wait for one check instead of each paying BCrypt
        CurrentUser user = verified.get(fingerprint, k -> check(username, password, source));
        return authenticated(user, authentication);
    }

    /** The full check of a credential not remembered: lockouts first, then the hash. */
    private CurrentUser check(String username, String password, String source) {
        refuseIfLocked(perAccount, username, "account");
        refuseIfLocked(perSource, source, "source");
        CurrentUser user = load(username);
        String hash = user != null ? user.passwordHash() : decoy;
        if (user == null || !passwords.matches(password, hash)) {
            fail(username, source);
            throw new BadCredentialsException("Bad credentials");
        }
        if (!user.enabled()) {
            throw new DisabledException("the account is disabled");
        }
        return user;
    }

    /** Forgets every remembered credential of {@code username} (password changed, account disabled). */
    void forget(String username) {
        verified.asMap().values().removeIf(u -> u.username().equals(username));
    }

    private void fail(String username, String source) {
        Optional<Duration> account = lockouts.failed(perAccount, username);
        Optional<Duration> from = lockouts.failed(perSource, source);
        account.ifPresent(d -> log.warn("Sign-in locked for account '{}' for {} after repeated failures", username, d));
        from.ifPresent(d -> log.warn("Sign-in locked for source {} for {} after repeated failures", source, d));
    }

    private void refuseIfLocked(Lockouts.Policy policy, String subject, String what) {
        lockouts.lockedFor(policy, subject).ifPresent(left -> {
            throw new SignInThrottledException(
                    "Too many failed sign-ins for this " + what + "; try again in " + left.toSeconds() + " s", left);
        });
    }

    private CurrentUser load(String username) {
        try {
            return accounts.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }

    private static Authentication authenticated(CurrentUser user, Authentication request) {
        UsernamePasswordAuthenticationToken token =
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        token.setDetails(request.getDetails());
        return token;
    }

    private static String source(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            return details.getRemoteAddress();
        }
        return "unknown";
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return HexFormat.of()
                    .formatHex(mac.doFinal((username + "\u0000" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
