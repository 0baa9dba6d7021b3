package io.tally.license.spi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On the platform's "disable integration" method: when it returns, Tally records the integration as
 * disabled and releases its pair's point if no other enabled integration uses the pair. One parameter
 * of the method must implement {@link Integration}; a method without one fails the deployment.
 * On methods only (on a class it fails the deployment); a self-invocation ({@code this.disable(...)}) bypasses Tally, as with every
 * interceptor binding.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE}) // TYPE only because CDI puts the binding on the interceptor class
@Retention(RetentionPolicy.RUNTIME)
public @interface LicensedStop {
}
