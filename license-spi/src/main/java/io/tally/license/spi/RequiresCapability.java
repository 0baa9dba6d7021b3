package io.tally.license.spi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a method (or every method of a class) of a platform feature that a licence must grant: the
 * method runs only while a valid licence carries the capability, and otherwise throws a
 * {@link LicenceException} with {@link RefusalCode#CAPABILITY_MISSING}. Capabilities come and go with
 * uploads, removals and expiry, without a restart.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class SingleSignOn {
 *     @RequiresCapability("sso")
 *     public Session logIn(SamlResponse response) { ... }
 * }
 * }</pre>
 *
 * Like every interceptor binding it works only on calls through the bean's proxy; to ask without
 * calling, use {@link Licensing#hasCapability}.
 *
 * @since 1.2
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresCapability {

    /** The capability, as a licence's {@code Capabilities} line names it: {@code sso}, {@code bulk-sync}. */
    @Nonbinding
    String value();
}
