package io.tally.license.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Slows down password guessing, per client address and per account, with a back-off that doubles
 * from 1 s after a few free failures up to a cap. While a key is throttled, its logins are answered
 * "try again in N s" without looking at the password, so guessing faster learns nothing.
 *
 * <p>An attacker guessing an account's password from many addresses slows that account down for
 * everybody, but never locks its owner out: an address the account logged in from before (the last
 * {@value #REMEMBERED_ADDRESSES}) passes the account's throttle and meets only its own address's.
 * Failures are logged one line per burst (the first, then each time the count reaches a power of two past the free ones), never per
 * attempt, with the user name shown safely.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FREE_FAILURES_PER_ADDRESS = 5;
    static final int FREE_FAILURES_PER_ACCOUNT = 10;
    static final Duration MAX_DELAY_PER_ADDRESS = Duration.ofMinutes(1);
    static final Duration MAX_DELAY_PER_ACCOUNT = Duration.ofSeconds(30);
    /** A key with no failure for this long starts again from no failures. */
    static final Duration QUIET = Duration.ofMinutes(15);
    static final int REMEMBERED_ADDRESSES = 16;
    /** At most this many addresses are followed at once; more (a spread attack) evicts the quiet ones first. */
    static final int MAX_ADDRESSES = 10_000;

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    /** What to do with a login attempt: go on, or answer "try again" after {@code retryAfter}. */
    public record Verdict(Duration retryAfter) {
        public boolean allowed() {
            return retryAfter.isZero();
        }
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant lockedUntil = Instant.MIN;
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> knownAddresses = new ConcurrentHashMap<>();
    private final Map<String, String> lastSuccess = new ConcurrentHashMap<>();

    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Before the password is checked. {@code account} is null when the user name is no account. */
    public Verdict check(String account, String address) {
        Instant now = clock.instant();
        Duration wait = remaining(byAddress.get(address), now);
        if (account != null && !known(account, address)) {
            Duration accountWait = remaining(byAccount.get(account), now);
            wait = accountWait.compareTo(wait) > 0 ? accountWait : wait;
        }
        return new Verdict(wait);
    }

    /** A wrong password (or an unknown user name, then {@code account} is null). */
    public void failed(String account, String shownUser, String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
            evictQuiet(now);
        }
        int count = fail(byAddress.computeIfAbsent(address, a -> new Failures()), now, FREE_FAILURES_PER_ADDRESS, MAX_DELAY_PER_ADDRESS);
        if (account != null) {
            fail(byAccount.computeIfAbsent(account, a -> new Failures()), now, FREE_FAILURES_PER_ACCOUNT, MAX_DELAY_PER_ACCOUNT);
        }
        if (count == 1 || count > FREE_FAILURES_PER_ADDRESS && Integer.bitCount(count) == 1) { // 1, 8, 16, 32 ...: one line per burst, a few more as it grows
            LOG.warning(count == 1 ? "Failed login for user '" + shownUser + "' from " + address
                    : count + " failed logins from " + address + " in a row (the last for user '" + shownUser + "'); answering \"try again later\" with a back-off of up to "
                    + MAX_DELAY_PER_ADDRESS.toSeconds() + " s");
        }
    }

    /** The right password: the address's failures are forgotten and the address is remembered for the account. */
    public void succeeded(String account, String address) {
        if (!byAddress.isEmpty()) {
            byAddress.remove(address);
        }
        if (address.equals(lastSuccess.get(account))) {
            return; // the platform's every request: no lock on the common path
        }
        lastSuccess.put(account, address);
        Deque<String> addresses = knownAddresses.computeIfAbsent(account, a -> new ArrayDeque<>());
        synchronized (addresses) {
            addresses.remove(address);
            addresses.addFirst(address);
            while (addresses.size() > REMEMBERED_ADDRESSES) {
                addresses.removeLast();
            }
        }
    }

    private boolean known(String account, String address) {
        Deque<String> addresses = knownAddresses.get(account);
        if (addresses == null) {
            return false;
        }
        synchronized (addresses) {
            return addresses.contains(address);
        }
    }

    private static int fail(Failures failures, Instant now, int free, Duration cap) {
        synchronized (failures) {
            if (failures.last != null && Duration.between(failures.last, now).compareTo(QUIET) > 0) {
                failures.count = 0;
            }
            failures.count++;
            failures.last = now;
            if (failures.count > free) {
                int doublings = Math.min(failures.count - free - 1, 20);
                Duration delay = Duration.ofSeconds(1L << doublings);
                failures.lockedUntil = now.plus(delay.compareTo(cap) > 0 ? cap : delay);
            }
            return failures.count;
        }
    }

    private static Duration remaining(Failures failures, Instant now) {
        if (failures == null) {
            return Duration.ZERO;
        }
        synchronized (failures) {
            return failures.lockedUntil.isAfter(now) ? Duration.between(now, failures.lockedUntil) : Duration.ZERO;
        }
    }

    private void evictQuiet(Instant now) {
        for (Iterator<Failures> it = byAddress.values().iterator(); it.hasNext(); ) {
            Failures failures = it.next();
            synchronized (failures) {
                if (!failures.lockedUntil.isAfter(now)) {
                    it.remove();
                }
            }
        }
        if (byAddress.size() >= MAX_ADDRESSES) {
            byAddress.clear(); // every one of them is throttled right now: start over rather than grow without bound
        }
    }
}
